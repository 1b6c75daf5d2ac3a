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

/** `-o text|json` of the commands that change or compare clusters, lint and tool (shapes: docs/json-output.md). */
export function textOrJsonFlag() {
  return Flags.string({
    char: 'o',
    description: 'output format (json: one document on stdout, see docs/json-output.md in the kf package)',
    options: ['text', 'json'],
    default: 'text',
  });
}
