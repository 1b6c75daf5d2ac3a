import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { UserError } from '../errors.js';

type ExtValue = { kind: 'string' | 'code'; value: string };

export default class Eval extends KfCommand {
  static override description =
    "Evaluate a Jsonnet file or snippet with kf's engine (flags as the jsonnet command)";

  static override examples = [
    '<%= config.bin %> eval main.jsonnet',
    "<%= config.bin %> eval -e '{ a: 1 + 2 }'",
    '<%= config.bin %> eval -J vendor --ext-str env=prod -y stream.jsonnet',
  ];

  static override args = {
    input: Args.string({ description: 'Jsonnet file (or the snippet with -e)', required: true }),
  };

  static override flags = {
    exec: Flags.boolean({
      char: 'e',
      description: 'Treat the argument as a Jsonnet snippet',
      default: false,
    }),
    jpath: Flags.string({
      char: 'J',
      description: 'Library search directory (right-most wins)',
      multiple: true,
      multipleNonGreedy: true,
      default: [],
    }),
    'ext-str': Flags.string({
      char: 'V',
      description: 'External variable as a string: K=V, or K to read $K',
      multiple: true,
      multipleNonGreedy: true,
      default: [],
    }),
    'ext-str-file': Flags.string({
      description: 'External variable as a string read from a file: K=FILE',
      multiple: true,
      multipleNonGreedy: true,
      default: [],
    }),
    'ext-code': Flags.string({
      description: 'External variable as Jsonnet code: K=CODE',
      multiple: true,
      multipleNonGreedy: true,
      default: [],
    }),
    'ext-code-file': Flags.string({
      description: 'External variable as Jsonnet code read from a file: K=FILE',
      multiple: true,
      multipleNonGreedy: true,
      default: [],
    }),
    'tla-str': Flags.string({
      char: 'A',
      description: 'Top-level argument as a string: K=V, or K to read $K',
      multiple: true,
      multipleNonGreedy: true,
      default: [],
    }),
    'tla-str-file': Flags.string({
      description: 'Top-level argument as a string read from a file: K=FILE',
      multiple: true,
      multipleNonGreedy: true,
      default: [],
    }),
    'tla-code': Flags.string({
      description: 'Top-level argument as Jsonnet code: K=CODE',
      multiple: true,
      multipleNonGreedy: true,
      default: [],
    }),
    'tla-code-file': Flags.string({
      description: 'Top-level argument as Jsonnet code read from a file: K=FILE',
      multiple: true,
      multipleNonGreedy: true,
      default: [],
    }),
    string: Flags.boolean({ char: 'S', description: 'Expect a string and print it raw', default: false }),
    'yaml-stream': Flags.boolean({
      char: 'y',
      description: 'Expect an array and print it as a YAML stream',
      default: false,
    }),
    multi: Flags.string({
      char: 'm',
      description: 'Write each field of the top-level object to a file in DIR',
    }),
    'max-stack': Flags.integer({ description: 'Maximum stack depth', default: 500, min: 1 }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Eval);
    const { Engine, JsonnetError } = await import('../jsonnet/index.js');
    const extVars: Record<string, ExtValue> = {};
    const tlas: Record<string, ExtValue> = {};
    collect(extVars, flags['ext-str'], 'string', false);
    collect(extVars, flags['ext-str-file'], 'string', true);
    collect(extVars, flags['ext-code'], 'code', false);
    collect(extVars, flags['ext-code-file'], 'code', true);
    collect(tlas, flags['tla-str'], 'string', false);
    collect(tlas, flags['tla-str-file'], 'string', true);
    collect(tlas, flags['tla-code'], 'code', false);
    collect(tlas, flags['tla-code-file'], 'code', true);
    const engine = new Engine({
      jpath: [...flags.jpath].reverse(),
      extVars,
      tlas,
      maxStack: flags['max-stack'],
    });
    const input: { file: string } | { filename: string; code: string } = flags.exec
      ? { filename: '<cmdline>', code: args.input }
      : { file: args.input };
    try {
      if (flags.multi !== undefined) {
        const files = engine.evaluateMulti(input, flags.string);
        const { writeFileAtomic } = await import('../util/atomic-write.js');
        const lines: string[] = [];
        for (const [name, content] of files) {
          const target = path.join(flags.multi, name);
          writeFileAtomic(target, content);
          lines.push(target);
        }
        if (lines.length > 0) process.stdout.write(lines.join('\n') + '\n');
        return;
      }
      const mode = flags.string ? 'string' : flags['yaml-stream'] ? 'yaml-stream' : 'json';
      const out =
        'file' in input
          ? engine.evaluateFileToString(input.file, mode)
          : engine.evaluateSnippetToString(input.filename, input.code as string, mode);
      process.stdout.write(out);
    } catch (error) {
      if (error instanceof JsonnetError) {
        process.stderr.write(error.message + '\n');
        process.exitCode = 1;
        this.exit(1);
      }
      throw error;
    }
  }
}

function collect(
  into: Record<string, ExtValue>,
  specs: string[],
  kind: 'string' | 'code',
  fromFile: boolean,
): void {
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    if (eq < 0) {
      if (fromFile) throw new UserError(`expected K=FILE, got ${JSON.stringify(spec)}`, { exitCode: 2 });
      const env = process.env[spec];
      if (env === undefined)
        throw new UserError(`environment variable ${spec} is not set`, { hint: `use ${spec}=VALUE` });
      into[spec] = { kind, value: env };
      continue;
    }
    const key = spec.slice(0, eq);
    const value = spec.slice(eq + 1);
    if (fromFile) {
      let text: string;
      try {
        text = readFileSync(value, 'utf8');
      } catch {
        throw new UserError(`cannot read ${value}`, { hint: `the file given for ${key} must exist` });
      }
      into[key] =
        kind === 'code' ? { kind, value: `import @'${value.replace(/'/g, "''")}'` } : { kind, value: text };
      if (kind === 'code') into[key] = { kind, value: text };
    } else {
      into[key] = { kind, value };
    }
  }
}
