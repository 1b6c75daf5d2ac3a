// The flag of the commands that render an app (show, apply, diff, delete, export, validate).
import { Flags } from '@oclif/core';

export function importFlags() {
  return {
    'allow-imports-outside-app': Flags.boolean({
      description:
        'let Jsonnet import files outside the app and the -J directories (by default such an import is an error)',
      default: false,
    }),
  };
}
