// Text files kf edits in place (app.yaml, params files) keep what the edit did not mean to change:
// a file that is not valid UTF-8 (Latin-1 bytes in a comment) is edited as one character per
// byte, and a file whose every line ends in CRLF keeps CRLF, new lines included.
import { readFileSync } from 'node:fs';
import { UserError } from '../errors.js';
import { fileSystemUserError } from './fs-error.js';

export interface TextFile {
  /** the text to edit, with CRLF turned into LF when the file uses CRLF throughout */
  text: string;
  /** 'latin1' when the bytes are not valid UTF-8: then each character of `text` is one byte */
  encoding: 'utf8' | 'latin1';
  crlf: boolean;
  bom: boolean;
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export function decodeText(bytes: Uint8Array): TextFile {
  let text: string;
  let encoding: TextFile['encoding'] = 'utf8';
  try {
    text = strictUtf8.decode(bytes);
  } catch {
    text = Buffer.from(bytes).toString('latin1');
    encoding = 'latin1';
  }
  const bom = encoding === 'utf8' && text.startsWith('\uFEFF');
  if (bom) text = text.slice(1);
  const newlines = text.split('\n').length - 1;
  const crlf = newlines > 0 && text.split('\r\n').length - 1 === newlines;
  return { text: crlf ? text.replaceAll('\r\n', '\n') : text, encoding, crlf, bom };
}

export function readTextFile(path: string): TextFile {
  try {
    return decodeText(readFileSync(path));
  } catch (error) {
    throw (
      fileSystemUserError(error, path) ??
      new UserError(
        `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
        {
          cause: error,
        },
      )
    );
  }
}

/** `text` as it must appear in the file's edit text: in a Latin-1 view, its UTF-8 bytes one per character. */
export function inFileView(file: Pick<TextFile, 'encoding'>, text: string): string {
  return file.encoding === 'latin1' ? Buffer.from(text, 'utf8').toString('latin1') : text;
}

/** A string read from the file's edit text, back as the string it stands for. */
export function fromFileView(file: Pick<TextFile, 'encoding'>, text: string): string {
  return file.encoding === 'latin1' ? Buffer.from(text, 'latin1').toString('utf8') : text;
}

/** The bytes to write for edited `text`, in the file's encoding and line endings. */
export function encodeText(file: Omit<TextFile, 'text'>, text: string): Buffer {
  const body = file.crlf ? text.replace(/\r?\n/g, '\r\n') : text;
  if (file.encoding === 'latin1') return Buffer.from(body, 'latin1');
  return Buffer.from(file.bom ? `\uFEFF${body}` : body, 'utf8');
}
