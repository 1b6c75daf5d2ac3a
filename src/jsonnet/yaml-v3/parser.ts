// gopkg.in/yaml.v3's parser (parserc.go): the scanner's tokens to events (document, mapping,
// sequence, scalar, alias), the state machine of libyaml as yaml.v3 v3.0.1 has it, for
// parseYamlV3. Comments, which yaml.v3 attaches to events, are left out: decoding never reads
// them, and they cannot make the parser fail. Without them, goyaml.v2's parserc.go is the same
// code, so std.parseYaml's port (../goyaml-v2/) runs this parser on its own scanner. Function
// names are Go's, without yaml_parser_.
import { type Mark, type ScalarStyle, type Token, type TokenType, YamlSyntaxError } from './scanner.js';

export type EventType =
  | 'STREAM-START'
  | 'STREAM-END'
  | 'DOCUMENT-START'
  | 'DOCUMENT-END'
  | 'ALIAS'
  | 'SCALAR'
  | 'SEQUENCE-START'
  | 'SEQUENCE-END'
  | 'MAPPING-START'
  | 'MAPPING-END';

export interface YamlEvent {
  type: EventType;
  start: Mark;
  anchor?: string;
  /** the full tag ("tag:yaml.org,2002:str", "!foo", "!" for the non-specific tag) */
  tag?: string;
  value?: string;
  style?: ScalarStyle;
}

type State =
  | 'STREAM-START'
  | 'IMPLICIT-DOCUMENT-START'
  | 'DOCUMENT-START'
  | 'DOCUMENT-CONTENT'
  | 'DOCUMENT-END'
  | 'BLOCK-NODE'
  | 'BLOCK-SEQUENCE-FIRST-ENTRY'
  | 'BLOCK-SEQUENCE-ENTRY'
  | 'INDENTLESS-SEQUENCE-ENTRY'
  | 'BLOCK-MAPPING-FIRST-KEY'
  | 'BLOCK-MAPPING-KEY'
  | 'BLOCK-MAPPING-VALUE'
  | 'FLOW-SEQUENCE-FIRST-ENTRY'
  | 'FLOW-SEQUENCE-ENTRY'
  | 'FLOW-SEQUENCE-ENTRY-MAPPING-KEY'
  | 'FLOW-SEQUENCE-ENTRY-MAPPING-VALUE'
  | 'FLOW-SEQUENCE-ENTRY-MAPPING-END'
  | 'FLOW-MAPPING-FIRST-KEY'
  | 'FLOW-MAPPING-KEY'
  | 'FLOW-MAPPING-VALUE'
  | 'FLOW-MAPPING-EMPTY-VALUE'
  | 'END';

const DEFAULT_TAG_DIRECTIVES = [
  { handle: '!', prefix: '!' },
  { handle: '!!', prefix: 'tag:yaml.org,2002:' },
];

/** What the parser reads tokens from: peek_token and skip_token of a scanner. */
export interface TokenSource {
  peek(): Token;
  skipToken(): void;
}

export class Parser {
  private state: State = 'STREAM-START';
  private readonly states: State[] = [];
  private readonly marks: Mark[] = [];
  private tagDirectives: { handle: string; prefix: string }[] = [];

  constructor(private readonly scanner: TokenSource) {}

  /** yaml_parser_parse and yaml_parser_state_machine: the next event (at the end, STREAM-END again). */
  parse(): YamlEvent {
    switch (this.state) {
      case 'STREAM-START':
        return this.parseStreamStart();
      case 'IMPLICIT-DOCUMENT-START':
        return this.parseDocumentStart(true);
      case 'DOCUMENT-START':
        return this.parseDocumentStart(false);
      case 'DOCUMENT-CONTENT':
        return this.parseDocumentContent();
      case 'DOCUMENT-END':
        return this.parseDocumentEnd();
      case 'BLOCK-NODE':
        return this.parseNode(true, false);
      case 'BLOCK-SEQUENCE-FIRST-ENTRY':
        return this.parseBlockSequenceEntry(true);
      case 'BLOCK-SEQUENCE-ENTRY':
        return this.parseBlockSequenceEntry(false);
      case 'INDENTLESS-SEQUENCE-ENTRY':
        return this.parseIndentlessSequenceEntry();
      case 'BLOCK-MAPPING-FIRST-KEY':
        return this.parseBlockMappingKey(true);
      case 'BLOCK-MAPPING-KEY':
        return this.parseBlockMappingKey(false);
      case 'BLOCK-MAPPING-VALUE':
        return this.parseBlockMappingValue();
      case 'FLOW-SEQUENCE-FIRST-ENTRY':
        return this.parseFlowSequenceEntry(true);
      case 'FLOW-SEQUENCE-ENTRY':
        return this.parseFlowSequenceEntry(false);
      case 'FLOW-SEQUENCE-ENTRY-MAPPING-KEY':
        return this.parseFlowSequenceEntryMappingKey();
      case 'FLOW-SEQUENCE-ENTRY-MAPPING-VALUE':
        return this.parseFlowSequenceEntryMappingValue();
      case 'FLOW-SEQUENCE-ENTRY-MAPPING-END':
        return this.parseFlowSequenceEntryMappingEnd();
      case 'FLOW-MAPPING-FIRST-KEY':
        return this.parseFlowMappingKey(true);
      case 'FLOW-MAPPING-KEY':
        return this.parseFlowMappingKey(false);
      case 'FLOW-MAPPING-VALUE':
        return this.parseFlowMappingValue(false);
      case 'FLOW-MAPPING-EMPTY-VALUE':
        return this.parseFlowMappingValue(true);
      case 'END':
        return { type: 'STREAM-END', start: { index: 0, line: 0, column: 0 } };
    }
  }

  private peek(): Token {
    return this.scanner.peek();
  }

  private skip(): void {
    this.scanner.skipToken();
  }

  private popState(): void {
    this.state = this.states.pop() as State;
  }

  /** yaml_parser_set_parser_error(_context) */
  private error(problem: string, problemMark: Mark, context?: string, contextMark?: Mark): never {
    throw new YamlSyntaxError(problem, 'parser', problemMark, context, contextMark);
  }

  private parseStreamStart(): YamlEvent {
    const token = this.peek();
    if (token.type !== 'STREAM-START') this.error('did not find expected <stream-start>', token.start);
    this.state = 'IMPLICIT-DOCUMENT-START';
    this.skip();
    return { type: 'STREAM-START', start: token.start };
  }

  private parseDocumentStart(implicit: boolean): YamlEvent {
    let token = this.peek();
    if (!implicit) {
      while (token.type === 'DOCUMENT-END') {
        this.skip();
        token = this.peek();
      }
    }
    const explicitStart: TokenType[] = ['VERSION-DIRECTIVE', 'TAG-DIRECTIVE', 'DOCUMENT-START', 'STREAM-END'];
    if (implicit && !explicitStart.includes(token.type)) {
      this.processDirectives();
      this.states.push('DOCUMENT-END');
      this.state = 'BLOCK-NODE';
      return { type: 'DOCUMENT-START', start: token.start };
    }
    if (token.type !== 'STREAM-END') {
      const start = token.start;
      this.processDirectives();
      token = this.peek();
      if (token.type !== 'DOCUMENT-START') this.error('did not find expected <document start>', token.start);
      this.states.push('DOCUMENT-END');
      this.state = 'DOCUMENT-CONTENT';
      this.skip();
      return { type: 'DOCUMENT-START', start };
    }
    this.state = 'END';
    this.skip();
    return { type: 'STREAM-END', start: token.start };
  }

  private parseDocumentContent(): YamlEvent {
    const token = this.peek();
    const ends: TokenType[] = [
      'VERSION-DIRECTIVE',
      'TAG-DIRECTIVE',
      'DOCUMENT-START',
      'DOCUMENT-END',
      'STREAM-END',
    ];
    if (ends.includes(token.type)) {
      this.popState();
      return emptyScalar(token.start);
    }
    return this.parseNode(true, false);
  }

  private parseDocumentEnd(): YamlEvent {
    const token = this.peek();
    if (token.type === 'DOCUMENT-END') this.skip();
    this.tagDirectives = [];
    this.state = 'DOCUMENT-START';
    return { type: 'DOCUMENT-END', start: token.start };
  }

  /** parse_node: an alias, or properties (anchor, tag) and content. */
  private parseNode(block: boolean, indentlessSequence: boolean): YamlEvent {
    let token = this.peek();
    if (token.type === 'ALIAS') {
      this.popState();
      this.skip();
      return { type: 'ALIAS', start: token.start, anchor: token.value };
    }
    const start = token.start;
    let anchor: string | undefined;
    let tagToken: Token | undefined;
    for (const property of token.type === 'ANCHOR' ? ['ANCHOR', 'TAG'] : ['TAG', 'ANCHOR']) {
      if (token.type !== property) continue;
      if (property === 'ANCHOR') anchor = token.value;
      else tagToken = token;
      this.skip();
      token = this.peek();
    }
    let tag: string | undefined;
    if (tagToken !== undefined) {
      const [handle, suffix] = [tagToken.value as string, tagToken.suffix as string];
      if (handle === '') tag = suffix;
      else {
        const directive = this.tagDirectives.find((d) => d.handle === handle);
        if (directive === undefined)
          this.error('found undefined tag handle', tagToken.start, 'while parsing a node', start);
        tag = directive.prefix + suffix;
      }
    }
    if (indentlessSequence && token.type === 'BLOCK-ENTRY') {
      this.state = 'INDENTLESS-SEQUENCE-ENTRY';
      return { type: 'SEQUENCE-START', start, anchor, tag };
    }
    if (token.type === 'SCALAR') {
      this.popState();
      this.skip();
      return { type: 'SCALAR', start, anchor, tag, value: token.value, style: token.style };
    }
    const collections: Partial<Record<TokenType, [EventType, State]>> = {
      'FLOW-SEQUENCE-START': ['SEQUENCE-START', 'FLOW-SEQUENCE-FIRST-ENTRY'],
      'FLOW-MAPPING-START': ['MAPPING-START', 'FLOW-MAPPING-FIRST-KEY'],
      ...(block && {
        'BLOCK-SEQUENCE-START': ['SEQUENCE-START', 'BLOCK-SEQUENCE-FIRST-ENTRY'],
        'BLOCK-MAPPING-START': ['MAPPING-START', 'BLOCK-MAPPING-FIRST-KEY'],
      }),
    };
    const collection = collections[token.type];
    if (collection !== undefined) {
      this.state = collection[1];
      return { type: collection[0], start, anchor, tag };
    }
    if (anchor !== undefined || tag !== undefined) {
      this.popState();
      return { ...emptyScalar(start), anchor, tag };
    }
    const context = block ? 'while parsing a block node' : 'while parsing a flow node';
    this.error('did not find expected node content', token.start, context, start);
  }

  private parseBlockSequenceEntry(first: boolean): YamlEvent {
    if (first) {
      this.marks.push(this.peek().start);
      this.skip();
    }
    let token = this.peek();
    if (token.type === 'BLOCK-ENTRY') {
      const mark = token.end;
      this.skip();
      token = this.peek();
      if (token.type !== 'BLOCK-ENTRY' && token.type !== 'BLOCK-END') {
        this.states.push('BLOCK-SEQUENCE-ENTRY');
        return this.parseNode(true, false);
      }
      this.state = 'BLOCK-SEQUENCE-ENTRY';
      return emptyScalar(mark);
    }
    if (token.type === 'BLOCK-END') {
      this.popState();
      this.marks.pop();
      this.skip();
      return { type: 'SEQUENCE-END', start: token.start };
    }
    const context = this.marks.pop();
    this.error(
      "did not find expected '-' indicator",
      token.start,
      'while parsing a block collection',
      context,
    );
  }

  private parseIndentlessSequenceEntry(): YamlEvent {
    let token = this.peek();
    if (token.type === 'BLOCK-ENTRY') {
      const mark = token.end;
      this.skip();
      token = this.peek();
      if (!['BLOCK-ENTRY', 'KEY', 'VALUE', 'BLOCK-END'].includes(token.type)) {
        this.states.push('INDENTLESS-SEQUENCE-ENTRY');
        return this.parseNode(true, false);
      }
      this.state = 'INDENTLESS-SEQUENCE-ENTRY';
      return emptyScalar(mark);
    }
    this.popState();
    return { type: 'SEQUENCE-END', start: token.start };
  }

  private parseBlockMappingKey(first: boolean): YamlEvent {
    if (first) {
      this.marks.push(this.peek().start);
      this.skip();
    }
    let token = this.peek();
    if (token.type === 'KEY') {
      const mark = token.end;
      this.skip();
      token = this.peek();
      if (token.type !== 'KEY' && token.type !== 'VALUE' && token.type !== 'BLOCK-END') {
        this.states.push('BLOCK-MAPPING-VALUE');
        return this.parseNode(true, true);
      }
      this.state = 'BLOCK-MAPPING-VALUE';
      return emptyScalar(mark);
    }
    if (token.type === 'BLOCK-END') {
      this.popState();
      this.marks.pop();
      this.skip();
      return { type: 'MAPPING-END', start: token.start };
    }
    const context = this.marks.pop();
    this.error('did not find expected key', token.start, 'while parsing a block mapping', context);
  }

  private parseBlockMappingValue(): YamlEvent {
    let token = this.peek();
    this.state = 'BLOCK-MAPPING-KEY';
    if (token.type !== 'VALUE') return emptyScalar(token.start);
    const mark = token.end;
    this.skip();
    token = this.peek();
    if (token.type !== 'KEY' && token.type !== 'VALUE' && token.type !== 'BLOCK-END') {
      this.states.push('BLOCK-MAPPING-KEY');
      return this.parseNode(true, true);
    }
    return emptyScalar(mark);
  }

  private parseFlowSequenceEntry(first: boolean): YamlEvent {
    if (first) {
      this.marks.push(this.peek().start);
      this.skip();
    }
    let token = this.peek();
    if (token.type !== 'FLOW-SEQUENCE-END') {
      if (!first) {
        if (token.type !== 'FLOW-ENTRY') {
          const context = this.marks.pop();
          this.error(
            "did not find expected ',' or ']'",
            token.start,
            'while parsing a flow sequence',
            context,
          );
        }
        this.skip();
        token = this.peek();
      }
      if (token.type === 'KEY') {
        // a single pair in a flow sequence: [a: b] or [? a : b]
        this.state = 'FLOW-SEQUENCE-ENTRY-MAPPING-KEY';
        this.skip();
        return { type: 'MAPPING-START', start: token.start };
      }
      if (token.type !== 'FLOW-SEQUENCE-END') {
        this.states.push('FLOW-SEQUENCE-ENTRY');
        return this.parseNode(false, false);
      }
    }
    this.popState();
    this.marks.pop();
    this.skip();
    return { type: 'SEQUENCE-END', start: token.start };
  }

  private parseFlowSequenceEntryMappingKey(): YamlEvent {
    const token = this.peek();
    if (token.type !== 'VALUE' && token.type !== 'FLOW-ENTRY' && token.type !== 'FLOW-SEQUENCE-END') {
      this.states.push('FLOW-SEQUENCE-ENTRY-MAPPING-VALUE');
      return this.parseNode(false, false);
    }
    // libyaml consumes the token after an empty key, whichever of the three it is
    this.skip();
    this.state = 'FLOW-SEQUENCE-ENTRY-MAPPING-VALUE';
    return emptyScalar(token.end);
  }

  private parseFlowSequenceEntryMappingValue(): YamlEvent {
    const token = this.peek();
    if (token.type === 'VALUE') {
      this.skip();
      const next = this.peek();
      if (next.type !== 'FLOW-ENTRY' && next.type !== 'FLOW-SEQUENCE-END') {
        this.states.push('FLOW-SEQUENCE-ENTRY-MAPPING-END');
        return this.parseNode(false, false);
      }
    }
    this.state = 'FLOW-SEQUENCE-ENTRY-MAPPING-END';
    return emptyScalar(token.start);
  }

  private parseFlowSequenceEntryMappingEnd(): YamlEvent {
    const token = this.peek();
    this.state = 'FLOW-SEQUENCE-ENTRY';
    return { type: 'MAPPING-END', start: token.start };
  }

  private parseFlowMappingKey(first: boolean): YamlEvent {
    if (first) {
      this.marks.push(this.peek().start);
      this.skip();
    }
    let token = this.peek();
    if (token.type !== 'FLOW-MAPPING-END') {
      if (!first) {
        if (token.type !== 'FLOW-ENTRY') {
          const context = this.marks.pop();
          this.error(
            "did not find expected ',' or '}'",
            token.start,
            'while parsing a flow mapping',
            context,
          );
        }
        this.skip();
        token = this.peek();
      }
      if (token.type === 'KEY') {
        this.skip();
        token = this.peek();
        if (token.type !== 'VALUE' && token.type !== 'FLOW-ENTRY' && token.type !== 'FLOW-MAPPING-END') {
          this.states.push('FLOW-MAPPING-VALUE');
          return this.parseNode(false, false);
        }
        this.state = 'FLOW-MAPPING-VALUE';
        return emptyScalar(token.start);
      }
      if (token.type !== 'FLOW-MAPPING-END') {
        this.states.push('FLOW-MAPPING-EMPTY-VALUE');
        return this.parseNode(false, false);
      }
    }
    this.popState();
    this.marks.pop();
    this.skip();
    return { type: 'MAPPING-END', start: token.start };
  }

  private parseFlowMappingValue(empty: boolean): YamlEvent {
    let token = this.peek();
    this.state = 'FLOW-MAPPING-KEY';
    if (!empty && token.type === 'VALUE') {
      this.skip();
      token = this.peek();
      if (token.type !== 'FLOW-ENTRY' && token.type !== 'FLOW-MAPPING-END') {
        this.states.push('FLOW-MAPPING-KEY');
        return this.parseNode(false, false);
      }
    }
    return emptyScalar(token.start);
  }

  /** process_directives: %YAML 1.1 at most once, %TAG handles once each, then the default handles. */
  private processDirectives(): void {
    let token = this.peek();
    let version = false;
    while (token.type === 'VERSION-DIRECTIVE' || token.type === 'TAG-DIRECTIVE') {
      if (token.type === 'VERSION-DIRECTIVE') {
        if (version) this.error('found duplicate %YAML directive', token.start);
        if (token.major !== 1 || token.minor !== 1)
          this.error('found incompatible YAML document', token.start);
        version = true;
      } else this.appendTagDirective(token.value as string, token.prefix as string, false, token.start);
      this.skip();
      token = this.peek();
    }
    for (const d of DEFAULT_TAG_DIRECTIVES) this.appendTagDirective(d.handle, d.prefix, true, token.start);
  }

  private appendTagDirective(handle: string, prefix: string, allowDuplicates: boolean, mark: Mark): void {
    if (this.tagDirectives.some((d) => d.handle === handle)) {
      if (allowDuplicates) return;
      this.error('found duplicate %TAG directive', mark);
    }
    this.tagDirectives.push({ handle, prefix });
  }
}

/** process_empty_scalar */
function emptyScalar(start: Mark): YamlEvent {
  return { type: 'SCALAR', start, value: '', style: 'plain' };
}
