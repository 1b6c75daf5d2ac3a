// The `-o table|json` flag shared by the listing commands.
import { Flags } from '@oclif/core';

export function tableOrJsonFlag() {
  return Flags.string({
    char: 'o',
    description: 'output format',
    options: ['table', 'json'],
    default: 'table',
  });
}
