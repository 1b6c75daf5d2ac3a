// kf's std.native functions against Grafana Tanka v0.38's own (test/tanka/go-eval runs Tanka's
// pkg/jsonnet/native under go-jsonnet): every program's output must be byte-identical, and a
// program must fail in kf exactly when it fails in Tanka. helmTemplate runs the same helm binary
// in both, on test/fixtures/charts/demo (hooks, tests, CRDs, a subchart, capabilities).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { Engine, JsonnetError } from '../../src/jsonnet/index.js';
import { tankaNatives } from '../../src/app/tanka-natives.js';
import { goRegExp } from '../../src/app/go-regexp.js';
import { compileNameFormat, toSnakeCase } from '../../src/app/helm-name-format.js';
import { helmBinary, kustomizeBinary, tankaEval, type TankaJob } from '../tanka/harness.js';
import { REPO_ROOT } from '../helpers/run-kf.js';

const CHARTS = join(REPO_ROOT, 'test', 'fixtures', 'charts');
const CALLER = join(CHARTS, 'main.jsonnet');
const lit = (s: string) => JSON.stringify(s);

let helm: string;
let kustomize: string;
beforeAll(() => {
  helm = helmBinary();
  kustomize = kustomizeBinary();
}, 600_000);

interface Outcome {
  value?: string;
  error?: string;
}

/** Runs every job with kf and with Tanka; returns the jobs whose outcomes differ. */
function differences(jobs: TankaJob[]): Array<{ job: TankaJob; kf: Outcome; tanka: Outcome }> {
  const tanka = tankaEval(jobs, helm, kustomize);
  const engine = new Engine({ nativeFunctions: tankaNatives({ helm, kustomize }) });
  const out = [];
  for (const job of jobs) {
    let kf: Outcome;
    try {
      kf = { value: engine.evaluateSnippetToString(job.file, job.snippet, 'json') };
    } catch (e) {
      if (!(e instanceof JsonnetError)) throw e;
      kf = { error: e.message };
    }
    const t = tanka.get(job.id) as Outcome;
    const same = t.error !== undefined ? kf.error !== undefined : kf.value === t.value;
    if (!same) out.push({ job, kf, tanka: t });
  }
  return out;
}

const job = (id: string, snippet: string, file = CALLER): TankaJob => ({ id, file, snippet });

describe('Tanka natives: regular expressions with Go semantics', () => {
  const patterns = [
    'a*',
    'a(b)',
    '(?P<x>b+)',
    '(?P<first>\\w)(\\w*)',
    '\\s+',
    '\\S+',
    '.',
    '(?i)HELLO',
    '(?s)a.b',
    '(?m)^x',
    '^\\w+',
    '\\w+$',
    '[[:digit:]]+',
    '[[:alpha:]_]+',
    'x\\Q.*\\E',
    '\\pL+',
    '\\p{Greek}',
    '\\d{2,}',
    'a{',
    'a{,2}',
    '(a)|(b)',
    '$',
    '^',
    '\\bfoo\\b',
    '[^a-c]',
    '[]a]+',
    '\\.',
    '\\-',
    '\\!',
    'é+',
    '\\x41',
    '\\x{263a}',
    '\\z',
    '\\A.',
    '[\\s\\d]+',
    '(?:ab)+',
    'b*?',
    '😀',
    '[a-',
    '(',
    'x**',
  ];
  const inputs = [
    'baaac',
    'abab',
    'hello world\tfoo\u000bbar\u00a0baz',
    'a\nb\r\nc\nx',
    'HELLO hello',
    '123 4567',
    '',
    'x.*y',
    'ünïcödé 😀 x αβγ',
    'foo foobar foo',
    '{a}a{,2}',
    'A☺A!-',
    'a]b',
  ];
  const repls = [
    '-',
    '$1',
    '${1}x',
    '$1x',
    '$x',
    '${x}',
    '$$',
    '$',
    '$01',
    '$0',
    '<$first>',
    '${first}_$2',
    '${1',
  ];

  it('regexSubst, regexMatch and escapeStringRegex give what Tanka gives', () => {
    const jobs: TankaJob[] = [];
    for (const [p, pattern] of patterns.entries())
      for (const [i, input] of inputs.entries()) {
        jobs.push(job(`m${p}.${i}`, `std.native('regexMatch')(${lit(pattern)}, ${lit(input)})`));
        for (const [r, repl] of repls.entries())
          jobs.push(
            job(`s${p}.${i}.${r}`, `std.native('regexSubst')(${lit(pattern)}, ${lit(input)}, ${lit(repl)})`),
          );
      }
    for (const [i, input] of [...inputs, ...patterns].entries())
      jobs.push(
        job(
          `e${i}`,
          `local e = std.native('escapeStringRegex')(${lit(input)}); [e, std.native('regexMatch')('^' + e + '$', ${lit(input)})]`,
        ),
      );
    expect(jobs.length).toBeGreaterThan(7000);
    expect(differences(jobs)).toEqual([]);
  });

  it('names the RE2 syntax it does not translate instead of matching differently', () => {
    expect(() => goRegExp('(?U)a+')).toThrow(/ungreedy flag \(\?U\) is not supported/);
    expect(() => goRegExp('a(?i)b')).toThrow(/flags inside an expression are not supported/);
    expect(() => goRegExp('[[:^alpha:]]')).toThrow(/negated POSIX classes are not supported/);
  });
});

describe('Tanka natives: JSON, YAML and hashes', () => {
  it('parseJson, manifestJsonFromJson, manifestYamlFromJson, parseYaml and sha256 give what Tanka gives', () => {
    const jsonTexts = [
      '{"b": [1, 2.50, {"c": null}], "a": "\\u00e9\\n", "e": {}, "f": []}',
      '  [1e3, -0, true, false, "x"]  ',
      '"scalar"',
      '{"a":{"b":{"c":[[],[{}]]}}}',
      '{"a": 1,}',
      '12345678901234567890',
      '{"a": 1, "a": 2}',
    ];
    const yamlTexts = [
      'a: 1\nb: [x, "y", 2.5]\n---\n- yes\n- 0x10\n- 2001-12-14\n',
      '# only a comment\n',
      '',
      'a: &x {b: 1}\nc: *x\nd:\n  <<: *x\n  e: 2\n',
      'key: |\n  line one\n  line two\n',
      'a: [',
      '1: one\n',
    ];
    const jobs: TankaJob[] = [];
    for (const [i, text] of jsonTexts.entries()) {
      jobs.push(job(`pj${i}`, `std.native('parseJson')(${lit(text)})`));
      for (const indent of [0, 1, 2, 4.7])
        jobs.push(job(`mj${i}.${indent}`, `std.native('manifestJsonFromJson')(${lit(text)}, ${indent})`));
      jobs.push(job(`my${i}`, `std.native('manifestYamlFromJson')(${lit(text)})`));
    }
    for (const [i, text] of yamlTexts.entries())
      jobs.push(job(`py${i}`, `std.native('parseYaml')(${lit(text)})`));
    for (const [i, text] of ['', 'abc', 'ünïcödé 😀', 'a\u0000b'].entries())
      jobs.push(job(`sha${i}`, `std.native('sha256')(${lit(text)})`));
    jobs.push(
      job(
        'ksonnet-util',
        `std.native('manifestYamlFromJson')(std.toString({ b: [1, 1000000, 'yes', 'a: b', '', 'x\\ny'], a: { c: null } }))`,
      ),
    );
    expect(differences(jobs)).toEqual([]);
  });
});

describe('Tanka natives: limits', () => {
  it('says a YAML document is nested too deeply for kf instead of failing on the host stack', () => {
    const engine = new Engine({ nativeFunctions: tankaNatives({}) });
    const deep = '['.repeat(5000) + ']'.repeat(5000);
    expect(() =>
      engine.evaluateSnippetToString(CALLER, `std.native('parseYaml')(${lit(deep)})`, 'json'),
    ).toThrow(/RUNTIME ERROR: parseYaml: the document is nested too deeply/);
  });
});

describe('Tanka natives: helmTemplate', () => {
  const template = (opts: string, chart = './demo', name = 'rel') =>
    `std.native('helmTemplate')(${lit(name)}, ${lit(chart)}, { calledFrom: std.thisFile } + ${opts})`;

  it('renders a chart as Tanka does, with every option', () => {
    const variants = {
      defaults: '{}',
      namespace:
        "{ namespace: 'web', values: { replicas: 5, image: { tag: '1.28' }, extraLabels: { team: 'a b' }, sub: { greeting: 'hey' } } }",
      noCrds: '{ includeCrds: false }',
      upperCaseKey: '{ IncludeCRDs: false, SkipTests: true }',
      skipTests: '{ skipTests: true }',
      noHooks: '{ noHooks: true }',
      apiVersions: "{ apiVersions: ['monitoring.coreos.com/v1', 'v1'] }",
      kubeVersion: "{ kubeVersion: 'v1.29.3' }",
      nameFormat: `{ nameFormat: ${lit('{{ print .metadata.namespace "_" .kind "_" .metadata.name | snakecase }}')}, namespace: 'ns' }`,
      nameFormatPrintf: `{ nameFormat: ${lit('{{ printf "%s-%s" .kind .metadata.name | lower }}')} }`,
      nameFormatMissing: `{ nameFormat: ${lit('{{ .metadata.namespace }}/{{ .kind }}.{{ .metadata.name }}')} }`,
      duplicate: `{ nameFormat: ${lit('{{ .apiVersion }}')} }`,
      helmFails: '{ values: { required: null } }',
      badValuesType: "{ values: 'not an object' }",
    };
    // A release name per job: Tanka caches a chart's render by (name, chart, options without
    // nameFormat) for the whole process, so one release name would hand every name format the
    // first job's keys (kf's cache is per render and includes the name format).
    const jobs = Object.entries(variants).map(([id, opts], i) =>
      job(id, template(opts, './demo', `rel${i}`)),
    );
    jobs.push(job('missingChart', template('{}', './nowhere')));
    jobs.push(job('noCalledFrom', `std.native('helmTemplate')('rel', './demo', {})`));
    jobs.push(job('otherCaller', template('{}', '../charts/demo'), join(CHARTS, 'demo', 'x.jsonnet')));
    const diffs = differences(jobs);
    expect(diffs).toEqual([]);
    // the cases that must fail did fail (in both, as just checked)
    const engine = new Engine({ nativeFunctions: tankaNatives({ helm }) });
    const run = (id: string) => () =>
      engine.evaluateSnippetToString(CALLER, jobs.find((j) => j.id === id)!.snippet, 'json');
    expect(run('duplicate')).toThrow(/Two resources share the same name '(v1|apps\/v1)'/);
    expect(run('helmFails')).toThrow(/values.required is required/);
    expect(run('missingChart')).toThrow(
      /Failed to find a chart at '.*nowhere': no such file or directory. Charts are vendored inside the app \(`kf chart vendor` fetches/,
    );
    expect(run('noCalledFrom')).toThrow(/opts.calledFrom' is unset or empty/);
    const objects = JSON.parse(run('defaults')()) as Record<string, unknown>;
    expect(Object.keys(objects)).toContain('cluster_role_binding_rel0_http_server_2xx_view');
  });

  it('says how to get helm when there is none', () => {
    const engine = new Engine({ nativeFunctions: tankaNatives({ helm: '/nonexistent/helm' }) });
    expect(() => engine.evaluateSnippetToString(CALLER, template('{}'), 'json')).toThrow(
      /cannot run \/nonexistent\/helm: not found. Install helm \(v3 or v4\) or name it with KF_HELM_PATH/,
    );
  });

  it('passes on what helm says on standard error when it succeeds, as Tanka does', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kf-fake-helm-'));
    const fake = join(dir, 'helm');
    writeFileSync(
      fake,
      "#!/bin/sh\ncat > /dev/null\necho 'WARNING: This chart is deprecated' >&2\nprintf 'apiVersion: v1\\nkind: ConfigMap\\nmetadata:\\n  name: x\\n'\n",
      { mode: 0o755 },
    );
    const said: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      said.push(String(chunk));
      return true;
    });
    try {
      const engine = new Engine({ nativeFunctions: tankaNatives({ helm: fake }) });
      expect(JSON.parse(engine.evaluateSnippetToString(CALLER, template('{}'), 'json'))).toEqual({
        config_map_x: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x' } },
      });
    } finally {
      spy.mockRestore();
    }
    expect(said).toEqual([
      `helmTemplate: Helm Chart ${join(CHARTS, 'demo')}: WARNING: This chart is deprecated\n`,
    ]);
  });

  it('refuses a chart the chart policy refuses', () => {
    const engine = new Engine({
      nativeFunctions: tankaNatives({ helm, pathPolicy: (dir) => `${dir} is outside the app` }),
    });
    expect(() => engine.evaluateSnippetToString(CALLER, template('{}'), 'json')).toThrow(
      /helmTemplate: chart refused: .*demo is outside the app/,
    );
  });
});

describe('Tanka natives: kustomizeBuild', () => {
  const KUSTOMIZE = join(REPO_ROOT, 'test', 'fixtures', 'kustomize');
  const build = (path: string, opts: string) =>
    `std.native('kustomizeBuild')(${lit(path)}, { calledFrom: std.thisFile } + ${opts})`;

  it('builds a kustomization as Tanka does', () => {
    const file = join(KUSTOMIZE, 'main.jsonnet');
    const jobs = [
      job('overlay', build('./overlay', '{}'), file),
      job('base', build('base', '{}'), file),
      job(
        'nameFormat',
        build('./overlay', `{ nameFormat: ${lit('{{ .metadata.namespace }}-{{ .kind | lower }}')} }`),
        file,
      ),
      job('missing', build('./nowhere', '{}'), file),
      job('notKustomization', build('../charts', '{}'), file),
      job('noCalledFrom', `std.native('kustomizeBuild')('./overlay', {})`, file),
    ];
    expect(differences(jobs)).toEqual([]);
    const engine = new Engine({ nativeFunctions: tankaNatives({ kustomize }) });
    const objects = JSON.parse(engine.evaluateSnippetToString(file, jobs[0]!.snippet, 'json')) as Record<
      string,
      unknown
    >;
    expect(Object.keys(objects).sort()).toEqual([
      'config_map_prod_web_config_hcb_8654bb5',
      'deployment_prod_web',
      'service_prod_web',
    ]);
    expect(() => engine.evaluateSnippetToString(file, jobs[3]!.snippet, 'json')).toThrow(
      /kustomizeBuild: Failed to find a kustomization at '.*nowhere'/,
    );
  });
});

describe('name formats', () => {
  it('snakecase is xstrings.ToSnakeCase (its documented examples, and what Go gives for two object names)', () => {
    const examples: Record<string, string> = {
      FirstName: 'first_name',
      HTTPServer: 'http_server',
      NoHTTPS: 'no_https',
      GO_PATH: 'go_path',
      'GO PATH': 'go_path',
      'GO-PATH': 'go_path',
      http2xx: 'http_2xx',
      HTTP20xOK: 'http_20x_ok',
      Duration2m3s: 'duration_2m3s',
      Bld4Floor3rd: 'bld4_floor_3rd',
      'Deployment_grafana-agent': 'deployment_grafana_agent',
      'APIService_v1beta1.metrics.k8s.io': 'api_service_v_1beta1.metrics.k_8s.io',
    };
    for (const [input, expected] of Object.entries(examples)) expect(toSnakeCase(input, '_')).toBe(expected);
  });

  it('names the template functions it does not know', () => {
    expect(() => compileNameFormat('{{ .kind | sha1sum }}')).toThrow(
      /function "sha1sum" is not supported by kf/,
    );
  });
});
