import { Args, Flags } from '@oclif/core';
import { KfCommand } from '../../base-command.js';
import { loadAppIfAny } from '../../app/app.js';
import { describeSource, findAppPrototype } from '../../app/prototypes.js';
import { formatTable } from '../../app/table.js';

export default class PrototypeDescribe extends KfCommand {
  static override description =
    "Show a prototype's description and every parameter with its type and default";

  static override args = {
    prototype: Args.string({ description: 'prototype name or unique suffix (tf-cnn)', required: true }),
  };

  static override flags = {
    output: Flags.string({
      char: 'o',
      description: 'output format',
      options: ['text', 'json'],
      default: 'text',
    }),
  };

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PrototypeDescribe);
    const found = findAppPrototype(loadAppIfAny(), args.prototype);
    // `name` defaults to the component name (kf generate PROTOTYPE COMPONENT), so it is never required.
    const p = {
      ...found,
      params: found.params.map((x) =>
        x.name === 'name' && x.required ? { ...x, required: false, default: undefined } : x,
      ),
    };
    if (flags.output === 'json') {
      this.log(
        JSON.stringify(
          {
            name: p.name,
            source: describeSource(p),
            shortDescription: p.shortDescription,
            description: p.description,
            params: p.params,
          },
          null,
          2,
        ),
      );
      return;
    }
    const required = p.params.filter((x) => x.required);
    const optional = p.params.filter((x) => !x.required);
    const lines = [
      `PROTOTYPE NAME:`,
      `  ${p.name} (${describeSource(p)})`,
      '',
      'DESCRIPTION:',
      ...p.description.split('\n').map((l) => `  ${l}`),
      '',
    ];
    lines.push('REQUIRED PARAMETERS:');
    if (required.length === 0) lines.push('  (none)');
    else
      lines.push(
        indent(
          formatTable(
            ['NAME', 'TYPE', 'DESCRIPTION'],
            required.map((x) => [`--${x.name}`, x.type, x.description]),
          ),
        ),
      );
    lines.push('', 'OPTIONAL PARAMETERS:');
    if (optional.length === 0) lines.push('  (none)');
    else
      lines.push(
        indent(
          formatTable(
            ['NAME', 'TYPE', 'DEFAULT', 'DESCRIPTION'],
            optional.map((x) => [
              `--${x.name}`,
              x.type,
              x.name === 'name' && x.default === undefined
                ? '<component name>'
                : JSON.stringify(x.default ?? null),
              x.description,
            ]),
          ),
        ),
      );
    this.log(lines.join('\n').trimEnd());
  }
}

function indent(text: string): string {
  return text
    .trimEnd()
    .split('\n')
    .map((l) => `  ${l}`)
    .join('\n');
}
