// The completion scripts `kf completion SHELL` prints. Each asks `kf __complete WORD...` (the
// words after `kf`, the last one being completed) for candidates, one per line; when kf offers
// none the shell falls back to file names.

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function completionScript(shell: Shell): string {
  switch (shell) {
    case 'bash':
      return `# kf completion for bash: eval "$(kf completion bash)" in ~/.bashrc
_kf_complete() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" out
  out=$(kf __complete "\${COMP_WORDS[@]:1:COMP_CWORD}" 2>/dev/null)
  if [ -z "$out" ]; then
    compopt -o default 2>/dev/null
    COMPREPLY=()
    return
  fi
  [ "$cur" = "=" ] && cur=""
  local IFS=$'\\n'
  COMPREPLY=($(compgen -W "$out" -- "$cur"))
}
complete -F _kf_complete kf
`;
    case 'zsh':
      return `#compdef kf
# kf completion for zsh: eval "$(kf completion zsh)" in ~/.zshrc (after compinit)
_kf() {
  local -a candidates
  candidates=("\${(@f)$(kf __complete "\${(@)words[2,CURRENT]}" 2>/dev/null)}")
  candidates=(\${candidates:#})
  if (( \${#candidates} == 0 )); then
    _files
    return
  fi
  compadd -Q -- "\${candidates[@]}"
}
compdef _kf kf
`;
    case 'fish':
      return `# kf completion for fish: kf completion fish > ~/.config/fish/completions/kf.fish
function __kf_complete
  set -l words (commandline -opc) (commandline -ct)
  set -l out (kf __complete $words[2..-1] 2>/dev/null)
  if test (count $out) -eq 0
    __fish_complete_path (commandline -ct)
  else
    printf '%s\\n' $out
  end
end
complete -c kf -f -a '(__kf_complete)'
`;
  }
}
