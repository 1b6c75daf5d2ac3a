// `kf validate -o junit`: the validation as JUnit XML for CI systems (Jenkins, GitLab, GitHub
// test reporters): one testsuite per environment, one testcase per rendered object, a failure
// carrying every problem of that object. Render-level problems (nondeterminism) get a testcase
// of their own.
import { kubectlName } from '../kube-object.js';
import { formatProblem } from '../render/validate.js';
import type { Problem, ValidateResult } from '../workflow/validate.js';

interface Case {
  classname: string;
  name: string;
  problems: Problem[];
}

const objectKey = (o: { component?: string; kind: string; namespace?: string; name: string }): string =>
  `${o.component ?? ''}\0${o.kind}\0${o.namespace ?? ''}\0${o.name}`;

function caseName(o: { apiVersion: string; kind: string; namespace?: string; name: string }): string {
  if (o.kind === '') return 'render';
  const name = kubectlName({ apiVersion: o.apiVersion, kind: o.kind, metadata: { name: o.name } });
  return o.namespace ? `${name} -n ${o.namespace}` : name;
}

export function validateJunit(result: ValidateResult): string {
  const suites = result.environments.map((env) => {
    const cases = new Map<string, Case>();
    const add = (o: Problem | ValidateResult['environments'][number]['checked'][number]): Case => {
      const key = objectKey(o);
      let entry = cases.get(key);
      if (!entry) {
        entry = {
          classname: [env.env, o.component].filter(Boolean).join('.'),
          name: caseName(o),
          problems: [],
        };
        cases.set(key, entry);
      }
      return entry;
    };
    for (const object of env.checked) add(object);
    for (const problem of env.problems) add(problem).problems.push(problem);
    const failures = [...cases.values()].filter((c) => c.problems.length > 0).length;
    const body = [...cases.values()].map((c) => {
      const open = `    <testcase classname="${xml(c.classname)}" name="${xml(c.name)}"`;
      if (c.problems.length === 0) return `${open}/>`;
      const first = c.problems[0];
      // The place of the first problem the app's Jsonnet can be traced to, as CI reports link them.
      const at = c.problems.find((p) => p.location !== undefined)?.location;
      const place =
        at === undefined ? '' : ` file="${xml(at.file)}"${at.line === undefined ? '' : ` line="${at.line}"`}`;
      const message = `${first.path ? `${first.path}: ` : ''}${first.message}${c.problems.length > 1 ? ` (and ${c.problems.length - 1} more)` : ''}`;
      const text = c.problems.map(formatProblem).join('\n');
      return `${open}${place}>\n      <failure message="${xml(message)}" type="${env.server ? 'validation' : 'schema'}">${xmlText(text)}</failure>\n    </testcase>`;
    });
    const skipped =
      env.skipped.length > 0
        ? [`    <system-out>${xmlText(env.skipped.map((s) => `skipped: ${s}`).join('\n'))}</system-out>`]
        : [];
    return [
      `  <testsuite name="${xml(env.env)}" tests="${cases.size}" failures="${failures}" errors="0" skipped="0">`,
      `    <properties>`,
      `      <property name="kubernetesVersion" value="${xml(env.k8sVersion)}"/>`,
      `      <property name="serverDryRun" value="${env.server}"/>`,
      `    </properties>`,
      ...body,
      ...skipped,
      `  </testsuite>`,
    ].join('\n');
  });
  const tests = result.environments.reduce(
    (n, e) => n + new Set([...e.checked, ...e.problems].map(objectKey)).size,
    0,
  );
  const failures = result.environments.reduce((n, e) => n + new Set(e.problems.map(objectKey)).size, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="kf validate" tests="${tests}" failures="${failures}" errors="0">`,
    ...suites,
    '</testsuites>',
    '',
  ].join('\n');
}

/** Text as XML attribute value (newlines kept as &#10;); characters XML 1.0 cannot carry are dropped. */
function xml(text: string): string {
  return xmlText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
}

/** Text as XML element content. */
function xmlText(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
  );
}
