import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { DEFAULT_MAX_TRACE } from '../jsonnet/errors.js';

// The evaluation itself lives in src/cli/eval.ts, shared with the oclif-free fast path that
// bin/run.js takes for `kf eval` (same flags, output, errors and exit codes).

export default class Eval extends KfCommand {
  static override description =
    "Evaluate a Jsonnet file or snippet with kf's engine (flags as the jsonnet command)";

  static override examples = [
    '<%= config.bin %> eval main.jsonnet',
    "<%= config.bin %> eval -e '{ a: 1 + 2 }'",
    '<%= config.bin %> eval -J vendor --ext-str env=prod -y stream.jsonnet',
    '<%= config.bin %> eval --kubecfg -J vendor tests/gke.jsonnet',
  ];

  static override args = {
    input: Args.string({
      description: 'Jsonnet file (- for standard input), or the snippet with -e',
      required: true,
    }),
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
      description: 'Expect an array and print it as a YAML stream (each document JSON; wins over -S)',
      default: false,
    }),
    multi: Flags.string({
      char: 'm',
      description:
        'Write each field of the top-level object to a file in DIR (an unchanged file is not rewritten); list the files',
    }),
    'output-file': Flags.string({
      char: 'o',
      description: 'Write the output (with -m, the list of files) to this file instead of stdout',
    }),
    'create-output-dirs': Flags.boolean({
      char: 'c',
      description:
        "Create the output file's folders (kf always does; accepted as the jsonnet command's flag)",
      default: false,
    }),
    'no-trailing-newline': Flags.boolean({
      description: 'Do not end the output with a newline (not with -y)',
      default: false,
    }),
    kubecfg: Flags.boolean({
      description:
        "Give the program kubecfg's library and natives: import 'kubecfg.libsonnet' (a real file of that name wins) and std.native('parseYaml'), 'manifestYaml', … as kubecfg gives them",
      default: false,
    }),
    'max-stack': Flags.integer({ char: 's', description: 'Maximum stack depth', default: 500, min: 1 }),
    'max-trace': Flags.integer({
      char: 't',
      description: 'Maximum number of stack trace lines in an error (0: all)',
      default: DEFAULT_MAX_TRACE,
      min: 0,
    }),
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
