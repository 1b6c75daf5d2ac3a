import { Args } from '@oclif/core';
import { KfCommand } from '../base-command.js';
import { SHELLS, completionScript, type Shell } from '../completion/scripts.js';

export default class Completion extends KfCommand {
  static override description = `Print the shell completion script (bash, zsh or fish)

It completes commands, flags and the names in the app around the working directory: environments, components, prototypes (and, in generate and prototype preview, their parameters), packages and registries.

  bash: eval "$(kf completion bash)"      (in ~/.bashrc)
  zsh:  eval "$(kf completion zsh)"       (in ~/.zshrc, after compinit)
  fish: kf completion fish > ~/.config/fish/completions/kf.fish`;

  static override examples = ['<%= config.bin %> completion bash >> ~/.bashrc'];

  static override args = {
    shell: Args.string({ description: 'the shell', options: [...SHELLS], required: true }),
  };

  async run(): Promise<void> {
    const { args } = await this.parse(Completion);
    process.stdout.write(completionScript(args.shell as Shell));
  }
}
