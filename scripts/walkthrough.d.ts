export interface WalkthroughStep {
  id: string;
  args: string[];
  cwd: 'parent' | 'app';
  live?: boolean;
  expectFailure?: boolean;
  note: string;
}
export function walkthroughSteps(options: { registry: string; cluster: boolean }): WalkthroughStep[];
