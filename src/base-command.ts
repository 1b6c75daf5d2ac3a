// Every kf command extends this: it turns UserError into one clean line on stderr (exit 1),
// flag/argument mistakes into usage errors (exit 2), and shows stacks only with --debug / KF_DEBUG=1.
import { Command, Flags, Errors, type Interfaces } from '@oclif/core';
import { isUserError } from './errors.js';
import { fileSystemUserError } from './util/fs-error.js';
import { outputWritten } from './util/output-written.js';
import { usageMessage } from './usage-message.js';

/** oclif's FlagOutput / ArgOutput (not exported by its index). */
type Output = { [name: string]: any };

export abstract class KfCommand extends Command {
  static override baseFlags = {
    debug: Flags.boolean({
      description: 'Show stack traces for unexpected errors',
      helpGroup: 'GLOBAL',
      default: false,
    }),
  };

  /**
   * oclif takes a missing argument from stdin whenever stdin is not a terminal: `echo x | kf param
   * list` listed component x, and `kf param list` inside a `while read` loop swallowed the loop's
   * input. kf never reads arguments from stdin.
   */
  protected override async parse<F extends Output, B extends Output, A extends Output>(
    options?: Interfaces.Input<F, B, A>,
    argv?: string[],
  ): Promise<Interfaces.ParserOutput<F, B, A>> {
    const input = options ?? (this.ctor as unknown as Interfaces.Input<F, B, A>);
    for (const arg of Object.values(input.args ?? {})) (arg as { ignoreStdin?: boolean }).ignoreStdin = true;
    return super.parse(options, argv);
  }

  protected debugEnabled(): boolean {
    return process.env.KF_DEBUG === '1' || this.argv.includes('--debug');
  }

  protected override async catch(
    thrown: Error & { exitCode?: number; oclif?: { exit?: number } },
  ): Promise<unknown> {
    const error = fileSystemUserError(thrown) ?? thrown;
    // Every way out below ends in process.exit() (oclif's handler): first, what the command and
    // this message printed must have been written (src/util/output-written.ts).
    if (isUserError(error)) {
      process.stderr.write(`kf: ${error.format()}\n`);
      if (this.debugEnabled() && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exitCode = error.exitCode;
      await outputWritten();
      this.exit(error.exitCode);
    }
    if (isUsageError(error)) {
      process.stderr.write(
        `kf: ${usageMessage(error)} (see: kf ${this.id?.replace(/:/g, ' ') ?? ''} --help)\n`,
      );
      process.exitCode = 2;
      await outputWritten();
      this.exit(2);
    }
    await outputWritten();
    if (error instanceof Errors.ExitError) throw error;
    if (this.debugEnabled()) throw error;
    process.stderr.write(
      `kf: internal error: ${error.message} (run again with --debug or KF_DEBUG=1 for a stack trace)\n`,
    );
    process.exitCode = 1;
    await outputWritten();
    this.exit(1);
  }
}

function isUsageError(error: Error & { oclif?: { exit?: number } }): boolean {
  const name = error.constructor?.name ?? '';
  return (
    /Flag|Arg|Parse|Validation/.test(name) ||
    error.oclif?.exit === 2 ||
    /^(Unexpected argument|Nonexistent flag|Missing required|Expected --|Missing \d+ required arg|Too many arguments)/.test(
      error.message,
    )
  );
}
