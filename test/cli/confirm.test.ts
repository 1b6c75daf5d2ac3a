// Asking before apply: the short server-side diff summary comes first (as Tanka shows the diff
// before asking), then the question naming the cluster; without a terminal nothing is asked and
// the summary is never computed.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { formatChanges, terminalConfirm } from '../../src/cli/confirm.js';
import type { ChangeSummary, ConfirmRequest } from '../../src/workflow/events.js';

const changes: ChangeSummary = {
  created: 1,
  changed: 2,
  unchanged: 7,
  failed: 0,
  createdObjects: ['deployment.apps/web -n ml'],
  changedObjects: ['configmap/settings -n ml', 'namespace/ml'],
  failedObjects: [],
};

const request = (summary: () => Promise<ChangeSummary>): ConfirmRequest => ({
  action: 'apply to',
  envName: 'gke',
  context: 'gke',
  server: 'https://127.0.0.1:7443',
  namespace: 'ml',
  changes: summary,
});

function terminal(answer: string): {
  input: PassThrough & { isTTY: boolean };
  output: PassThrough;
  text: () => string;
} {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  const output = new PassThrough();
  let text = '';
  output.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    // Answer once the question is out.
    if (text.includes('[y/N]')) input.write(`${answer}\n`);
  });
  return { input, output, text: () => text };
}

describe('confirmation before apply', () => {
  it('shows created/changed/unchanged counts and the changed objects, then asks', async () => {
    const t = terminal('y');
    const confirm = terminalConfirm({ yes: false, input: t.input, output: t.output })!;
    expect(await confirm(request(async () => changes))).toBe(true);
    expect(t.text()).toBe(
      '1 to create, 2 to change, 7 unchanged\n' +
        '  + deployment.apps/web -n ml\n' +
        '  ~ configmap/settings -n ml\n' +
        '  ~ namespace/ml\n' +
        'Apply to environment gke (context gke, server https://127.0.0.1:7443, namespace ml)? [y/N] ',
    );
  });

  it('a "no" after the summary declines', async () => {
    const t = terminal('n');
    const confirm = terminalConfirm({ yes: false, input: t.input, output: t.output })!;
    expect(await confirm(request(async () => changes))).toBe(false);
  });

  it('without a terminal refuses before computing the summary', async () => {
    let computed = false;
    const input = Object.assign(new PassThrough(), { isTTY: false });
    const confirm = terminalConfirm({ yes: false, input, output: new PassThrough() })!;
    await expect(
      confirm(
        request(async () => {
          computed = true;
          return changes;
        }),
      ),
    ).rejects.toThrow(/without confirmation/);
    expect(computed).toBe(false);
  });

  it('--yes asks nothing', () => {
    expect(terminalConfirm({ yes: true })).toBeUndefined();
  });

  it('lists at most 20 objects and names rejected ones', () => {
    const many = Array.from({ length: 25 }, (_, i) => `configmap/c${i}`);
    const text = formatChanges({
      ...changes,
      created: 25,
      createdObjects: many,
      changedObjects: [],
      changed: 0,
      failed: 1,
      failedObjects: ['secret/x'],
    });
    expect(text.split('\n')[0]).toBe(
      '25 to create, 0 to change, 7 unchanged, 1 rejected by the server dry run',
    );
    expect(text).toContain('  … and 6 more (kf diff shows them all)\n');
    expect(text.split('\n').filter((l) => l.startsWith('  +'))).toHaveLength(20);
  });
});
