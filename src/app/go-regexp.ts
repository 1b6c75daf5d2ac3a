// Go's regexp package (RE2 syntax) for the native functions ksonnet and Tanka give Jsonnet
// (escapeStringRegex, regexMatch, regexSubst): an RE2 pattern translated to a JavaScript RegExp
// with Go's meaning, and ReplaceAllString with Go's rules for empty matches and `$` expansion.
// Libraries written against Tanka call these with Go's semantics, so `\s`, `.`, `(?P<name>)`,
// `$1x` and `a*` over "baaac" must come out as Go has them, not as JavaScript would.

/** Go's regexp.QuoteMeta. */
export function quoteMeta(text: string): string {
  return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

const POSIX_CLASSES: Record<string, string> = {
  alnum: '0-9A-Za-z',
  alpha: 'A-Za-z',
  ascii: '\\x00-\\x7f',
  blank: '\\t ',
  cntrl: '\\x00-\\x1f\\x7f',
  digit: '0-9',
  graph: '!-~',
  lower: 'a-z',
  print: ' -~',
  punct: '!-/:-@[-`{-~',
  space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z',
  word: '0-9A-Za-z_',
  xdigit: '0-9A-Fa-f',
};

/** RE2's Perl classes are ASCII-only (JavaScript's `\s` also matches \v and Unicode spaces). */
const PERL_CLASSES: Record<string, string> = {
  d: '0-9',
  s: '\\t\\n\\f\\r ',
  w: '0-9A-Za-z_',
};

/** Characters that must stay escaped in a JavaScript pattern with the `u` flag. */
const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/-');

/**
 * Compiles an RE2 pattern as Go would read it. Throws an Error whose message says what is wrong
 * (an invalid pattern, or RE2 syntax this translation does not cover).
 */
export function goRegExp(pattern: string, global = false): RegExp {
  let flags = 'u' + (global ? 'g' : '');
  let source = '';
  let i = 0;
  const leading = /^\(\?([imsU]+)\)/.exec(pattern);
  if (leading) {
    const given = leading[1] as string;
    if (given.includes('U'))
      throw new Error(`error parsing regexp: the ungreedy flag (?U) is not supported: ${pattern}`);
    flags += [...new Set(given)].join('');
    i = leading[0].length;
  }
  const dotAll = flags.includes('s');
  let inClass = false;
  while (i < pattern.length) {
    const c = pattern[i] as string;
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined)
        throw new Error(`error parsing regexp: trailing backslash at end of expression: ${pattern}`);
      i += 2;
      if (next === 'Q') {
        const end = pattern.indexOf('\\E', i);
        const literal = end < 0 ? pattern.slice(i) : pattern.slice(i, end);
        source += [...literal].map((ch) => escapeLiteral(ch, inClass)).join('');
        i = end < 0 ? pattern.length : end + 2;
      } else if (next in PERL_CLASSES) {
        const set = PERL_CLASSES[next] as string;
        source += inClass ? set : `[${set}]`;
      } else if (next.toLowerCase() in PERL_CLASSES && next !== next.toLowerCase()) {
        const set = PERL_CLASSES[next.toLowerCase()] as string;
        if (inClass)
          throw new Error(
            `error parsing regexp: \\${next} inside a character class is not supported: ${pattern}`,
          );
        source += `[^${set}]`;
      } else if (next === 'A' || next === 'z') {
        // ^ and $ match only there without the m flag; with it, they keep a lookaround (alone, one
        // would match inside a surrogate pair in V8) to positions that can be the text's ends
        const anchor = next === 'A' ? '^' : '$';
        source += !flags.includes('m') ? anchor : next === 'A' ? '^(?<![\\s\\S])' : '$(?![\\s\\S])';
      } else if (next === 'p' || next === 'P') {
        // \pL, \p{Lu}, \p{Greek}, \p{^Greek}: JavaScript needs braces, and Script= for a script
        let name: string;
        if (pattern[i] === '{') {
          const end = pattern.indexOf('}', i);
          name = pattern.slice(i + 1, end);
          i = end + 1;
        } else {
          name = pattern[i] ?? '';
          i += 1;
        }
        const negated = name.startsWith('^') !== (next === 'P');
        name = name.replace(/^\^/, '');
        source += `\\${negated ? 'P' : 'p'}{${/^[A-Z][a-z]?$/.test(name) ? name : `Script=${name}`}}`;
      } else if (/[0-9a-zA-Z]/.test(next)) {
        // \b \B \n \t \x41 \x{263a} \010 ...: the same in JavaScript (\x{...} needs `u`, which is set)
        if (next === 'x' && pattern[i] === '{') {
          const end = pattern.indexOf('}', i);
          source += `\\u${pattern.slice(i, end + 1)}`;
          i = end + 1;
        } else source += `\\${next}`;
      } else {
        // RE2 lets any punctuation be escaped; with `u` JavaScript accepts only its syntax characters
        source += escapeLiteral(next, inClass);
      }
      continue;
    }
    i += 1;
    if (inClass) {
      if (c === '[' && pattern[i] === ':') {
        const end = pattern.indexOf(':]', i);
        const negated = pattern[i + 1] === '^';
        const name = pattern.slice(i + (negated ? 2 : 1), end);
        const set = POSIX_CLASSES[name];
        if (end < 0 || set === undefined)
          throw new Error(`error parsing regexp: invalid character class range: ${pattern}`);
        if (negated)
          throw new Error(`error parsing regexp: negated POSIX classes are not supported: ${pattern}`);
        source += set;
        i = end + 2;
      } else if (c === ']') {
        inClass = false;
        source += c;
      } else source += c === '[' ? '\\[' : c;
      continue;
    }
    if (c === '[') {
      inClass = true;
      source += c;
      if (pattern[i] === '^') {
        source += '^';
        i += 1;
      }
      // a `]` first in a class is a literal in RE2
      if (pattern[i] === ']') {
        source += '\\]';
        i += 1;
      }
    } else if (c === '.') {
      source += dotAll ? '[\\s\\S]' : '[^\\n]';
    } else if (c === '(' && pattern[i] === '?') {
      if (pattern.startsWith('?P<', i)) {
        source += '(?<';
        i += 3;
      } else if (pattern.startsWith('?<', i) || pattern.startsWith('?:', i)) {
        source += '('; // the `?` and what follows are copied as they are
      } else {
        throw new Error(`error parsing regexp: flags inside an expression are not supported: ${pattern}`);
      }
    } else if (c === '{' && !/^\{\d+(,\d*)?\}/.test(pattern.slice(i - 1))) {
      // RE2 reads a `{` that does not start a repetition as a literal
      source += '\\{';
    } else if (c === '}') {
      source += /\{\d+(,\d*)?$/.test(pattern.slice(0, i - 1)) ? '}' : '\\}';
    } else source += c;
  }
  try {
    return new RegExp(source, flags);
  } catch (e) {
    throw new Error(
      `error parsing regexp: ${(e as Error).message.replace(/^Invalid regular expression: /, '')}`,
    );
  }
}

function escapeLiteral(ch: string, inClass: boolean): string {
  if (JS_SYNTAX.has(ch)) return ch === '-' && !inClass ? '-' : `\\${ch}`;
  return ch;
}

/** Go's (*Regexp).MatchString. */
export function goMatch(pattern: string, text: string): boolean {
  return goRegExp(pattern).test(text);
}

/**
 * Go's (*Regexp).ReplaceAllString: `$1`, `${1}`, `$name`, `${name}` expand to a group (empty when
 * it did not take part or does not exist), `$$` is `$`, and an empty match right after the previous
 * match is not replaced.
 */
export function goReplaceAll(pattern: string, src: string, repl: string): string {
  const re = goRegExp(pattern, true);
  let out = '';
  let lastMatchEnd = 0;
  let searchPos = 0;
  while (searchPos <= src.length) {
    re.lastIndex = searchPos;
    const m = re.exec(src);
    if (m === null) break;
    const start = m.index;
    const end = start + m[0].length;
    out += src.slice(lastMatchEnd, start);
    if (end > lastMatchEnd || start === 0) out += expand(repl, m);
    lastMatchEnd = end;
    // advance past this match, always by at least one character
    const width = (src.codePointAt(searchPos) ?? 0) > 0xffff ? 2 : 1;
    if (searchPos + width > end) searchPos += width;
    else if (searchPos + 1 > end) searchPos += 1;
    else searchPos = end;
  }
  return out + src.slice(lastMatchEnd);
}

/** Go's (*Regexp).expand for one match. */
function expand(template: string, match: RegExpExecArray): string {
  let out = '';
  let rest = template;
  for (;;) {
    const dollar = rest.indexOf('$');
    if (dollar < 0) break;
    out += rest.slice(0, dollar);
    rest = rest.slice(dollar + 1);
    if (rest.startsWith('$')) {
      out += '$';
      rest = rest.slice(1);
      continue;
    }
    const ref = /^(?:\{([\p{L}\p{Nd}_]+)\}|([\p{L}\p{Nd}_]+))/u.exec(rest);
    if (ref === null) {
      out += '$'; // malformed: the `$` is text
      continue;
    }
    rest = rest.slice(ref[0].length);
    const name = (ref[1] ?? ref[2]) as string;
    // a group number has no leading zero and at most 9 digits; anything else is a name
    const group = /^(0|[1-9][0-9]{0,8})$/.test(name) ? match[Number(name)] : match.groups?.[name];
    out += group ?? '';
  }
  return out + rest;
}
