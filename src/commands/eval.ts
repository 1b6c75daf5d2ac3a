import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';

// The evaluation itself lives in src/cli/eval.ts, shared with the oclif-free fast path that
// bin/run.js takes for `kf eval` (same flags, output, errors and exit codes).

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
    const { runEval } = await import('../cli/eval.js');
    const code = await runEval({ ...flags, input: args.input });
    if (code !== 0) {
      process.exitCode = code;
      this.exit(code);
    }
  }
}
