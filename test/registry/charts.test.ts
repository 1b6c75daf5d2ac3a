// kf chart add-repo / add / vendor against a chart repository served on 127.0.0.1 (index.yaml and
// .tgz archives packaged from test/fixtures/charts/demo), then helm.template on what was vendored.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { create as createTar } from 'tar';
import { kfDocsFile, REPO_ROOT, runKf, tempDir } from '../helpers/run-kf.js';
import { helmBinary } from '../tanka/harness.js';

const DEMO = join(REPO_ROOT, 'test', 'fixtures', 'charts', 'demo');

let server: Server;
let url: string;
const served = new Map<string, Buffer>();
const requests: string[] = [];
const authorizations: (string | undefined)[] = [];

/** A .tgz holding `<name>/` from `dir`, with Chart.yaml's version set to `version`. */
async function packageChart(dir: string, name: string, version: string, extra?: (root: string) => void): Promise<Buffer> {
  const work = tempDir('kf-chart-pkg-');
  cpSync(dir, join(work, name), { recursive: true });
  const chartYaml = join(work, name, 'Chart.yaml');
  writeFileSync(chartYaml, readFileSync(chartYaml, 'utf8').replace(/^version: .*$/m, `version: ${version}`));
  extra?.(work);
  const file = join(work, `${name}-${version}.tgz`);
  await createTar({ gzip: true, cwd: work, file, portable: true }, [name]);
  return readFileSync(file);
}

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  server = createServer((req, res) => {
    requests.push(req.url ?? '');
    // a private repository: Basic authentication, as behind nginx or a Nexus/Artifactory
    if (req.url?.startsWith('/private/')) {
      authorizations.push(req.headers.authorization);
      if (req.headers.authorization !== `Basic ${Buffer.from('kf-user:s3cret').toString('base64')}`) {
        res.writeHead(401, { 'www-authenticate': 'Basic realm="charts"' }).end();
        return;
      }
    }
    const body = served.get(req.url ?? '');
    res.writeHead(body === undefined ? 404 : 200).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/repo`;
  const v031 = await packageChart(DEMO, 'demo', '0.3.1');
  const v040 = await packageChart(DEMO, 'demo', '0.4.0');
  // a chart whose template is a link to a file outside it: refused before anything is unpacked
  const evil = await packageChart(DEMO, 'evil', '1.0.0', (root) =>
    symlinkSync('/etc/passwd', join(root, 'evil', 'templates', 'passwd.yaml')),
  );
  served.set('/repo/charts/demo-0.3.1.tgz', v031);
  served.set('/repo/charts/demo-0.4.0.tgz', v040);
  served.set('/repo/evil-1.0.0.tgz', evil);
  const index = {
    apiVersion: 'v1',
    entries: {
      // a relative URL, an absolute one; newest first as Helm writes them
      demo: [
        // listed, never downloaded: what `kf chart list --latest` picks from
        { name: 'demo', version: '2.0.0-rc.1', urls: ['charts/demo-2.0.0-rc.1.tgz'] },
        { name: 'demo', version: '1.2.0', urls: ['charts/demo-1.2.0.tgz'] },
        { name: 'demo', version: '0.10.0', urls: ['charts/demo-0.10.0.tgz'] },
        { name: 'demo', version: '0.4.0', urls: ['charts/demo-0.4.0.tgz'], digest: sha256(v040) },
        { name: 'demo', version: '0.3.1', urls: [`${url}/charts/demo-0.3.1.tgz`], digest: sha256(v031) },
      ],
      tampered: [{ name: 'tampered', version: '1.0.0', urls: ['charts/demo-0.3.1.tgz'], digest: sha256(v040) }],
      evil: [{ name: 'evil', version: '1.0.0', urls: ['evil-1.0.0.tgz'] }],
    },
  };
  served.set('/repo/index.yaml', Buffer.from(JSON.stringify(index)));
  served.set('/private/demo-0.3.1.tgz', v031);
  served.set(
    '/private/index.yaml',
    Buffer.from(JSON.stringify({ apiVersion: 'v1', entries: { demo: [{ name: 'demo', version: '0.3.1', urls: ['demo-0.3.1.tgz'], digest: sha256(v031) }] } })),
  );
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('kf chart', () => {
  let app: string;
  const kf = (...args: string[]) => runKf(args, { cwd: app, env: { KF_HELM_PATH: helmBinary() } });

  beforeAll(async () => {
    app = join(tempDir('kf-chart-app-'), 'app');
    expect((await runKf(['init', app, '--env', 'dev'])).exitCode).toBe(0);
  }, 600_000);

  it('adds a repository and a chart, verified, in the chartfile Tanka reads', async () => {
    const repo = await kf('chart', 'add-repo', 'local', url);
    expect(repo.stdout).toBe(`Added chart repository 'local' (${url})\n`);
    const add = await kf('chart', 'add', 'local/demo@0.3.1');
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('Vendored local/demo@0.3.1 in charts/demo\n');
    expect(parseYaml(readFileSync(join(app, 'charts', 'demo', 'Chart.yaml'), 'utf8')).version).toBe('0.3.1');
    expect(existsSync(join(app, 'charts', 'demo', 'charts', 'sub', 'Chart.yaml'))).toBe(true);
    expect(parseYaml(readFileSync(join(app, 'chartfile.yaml'), 'utf8'))).toEqual({
      version: 1,
      repositories: [{ name: 'local', url }],
      requires: [{ chart: 'local/demo', version: '0.3.1' }],
    });
    // nothing left behind beside the chart
    expect(existsSync(join(app, 'charts'))).toBe(true);
    expect(readdirSync(join(app, 'charts'))).toEqual(['demo']);
  });

  it('renders the vendored chart with helm.template', async () => {
    writeFileSync(
      join(app, 'components', 'demo.jsonnet'),
      "std.native('helmTemplate')('web', '../charts/demo', { calledFrom: std.thisFile, namespace: 'dev' })\n",
    );
    const shown = await kf('show', 'dev', '-o', 'json');
    expect(shown.stderr).toBe('');
    const kinds = (JSON.parse(shown.stdout) as { items: Array<{ kind: string }> }).items.map((o) => o.kind).sort();
    expect(kinds).toEqual([
      'ClusterRoleBinding', 'ConfigMap', 'ConfigMap', 'CustomResourceDefinition', 'Deployment', 'Job', 'Pod', 'Service',
    ]);
  });

  it('vendor is a no-op when every chart is there, and --prune removes what nobody requires', async () => {
    const fetched = requests.length;
    mkdirSync(join(app, 'charts', 'old', 'templates'), { recursive: true });
    const vendor = await kf('chart', 'vendor');
    expect(vendor.stdout).toBe('Present  local/demo@0.3.1 in charts/demo\n');
    expect(requests.length).toBe(fetched); // not even the index
    expect(existsSync(join(app, 'charts', 'old'))).toBe(true);
    const pruned = await kf('chart', 'vendor', '--prune');
    expect(pruned.stdout).toBe('Present  local/demo@0.3.1 in charts/demo\nRemoved  charts/old\n');
    expect(existsSync(join(app, 'charts', 'old'))).toBe(false);
  });

  it('moves a chart to another version in place', async () => {
    const add = await kf('chart', 'add', 'local/demo@0.4.0');
    expect(add.stdout).toBe('Vendored local/demo@0.4.0 in charts/demo\n');
    expect(parseYaml(readFileSync(join(app, 'chartfile.yaml'), 'utf8')).requires).toEqual([
      { chart: 'local/demo', version: '0.4.0' },
    ]);
    expect(parseYaml(readFileSync(join(app, 'charts', 'demo', 'Chart.yaml'), 'utf8')).version).toBe('0.4.0');
    // a fresh clone (charts/ not committed) gets it back from the chartfile
    rmSync(join(app, 'charts'), { recursive: true });
    expect((await kf('chart', 'vendor')).stdout).toBe('Vendored local/demo@0.4.0 in charts/demo\n');
  });

  it('lists the charts, what charts/ holds, and the newest versions of their repositories', async () => {
    const list = await kf('chart', 'list');
    expect(list.stdout).toBe(
      'CHART       VERSION  FOLDER       VENDORED\nlocal/demo  0.4.0    charts/demo  yes\n',
    );
    const latest = await kf('chart', 'list', '--latest', '-o', 'json');
    expect(JSON.parse(latest.stdout)).toEqual([
      { chart: 'local/demo', version: '0.4.0', path: 'charts/demo', vendored: '0.4.0', latest: '1.2.0', latestSameMajor: '0.10.0' },
    ]);
  });

  it('refuses what it cannot verify and changes nothing', async () => {
    const before = readFileSync(join(app, 'chartfile.yaml'), 'utf8');
    const missing = await kf('chart', 'add', 'local/demo@9.9.9');
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toBe(
      "kf: repository 'local' has no version 9.9.9 of 'demo' (versions it has: 2.0.0-rc.1, 1.2.0, 0.10.0, 0.4.0, 0.3.1)\n",
    );
    const tampered = await kf('chart', 'add', 'local/tampered@1.0.0');
    expect(tampered.exitCode).toBe(1);
    expect(tampered.stderr).toMatch(/the archive's sha256 is [0-9a-f]{64}, the repository index says [0-9a-f]{64} \(the download was altered or the index is stale; nothing was changed\)/);
    const evil = await kf('chart', 'add', 'local/evil@1.0.0');
    expect(evil.exitCode).toBe(1);
    expect(evil.stderr).toMatch(/^kf: local\/evil@1\.0\.0 .*passwd\.yaml.*/);
    const credentials = await kf('chart', 'add-repo', 'mine', 'https://me:secret@charts.example.com');
    expect(credentials.stderr).toMatch(/kf keeps credentials out of chartfile\.yaml \(remove them from the URL/);
    const plain = await kf('chart', 'add-repo', 'plain', 'http://charts.example.com');
    expect(plain.stderr).toMatch(/fetched over https \(plain http only on loopback addresses\)/);
    expect(readFileSync(join(app, 'chartfile.yaml'), 'utf8')).toBe(before);
    expect(readdirSync(join(app, 'charts'))).toEqual(['demo']);
  });

  it('reads a private repository with the credentials helm repo add stored, sent to its origin only', async () => {
    const helmHome = tempDir('kf-chart-helm-');
    const helmEnv = { HELM_CONFIG_HOME: join(helmHome, 'config'), HELM_CACHE_HOME: join(helmHome, 'cache'), HELM_DATA_HOME: join(helmHome, 'data') };
    const privateUrl = url.replace(/\/repo$/, '/private');
    expect((await kf('chart', 'add-repo', 'priv', privateUrl)).exitCode).toBe(0);
    const before = readFileSync(join(app, 'chartfile.yaml'), 'utf8');
    const refused = await runKf(['chart', 'add', 'priv/demo@0.3.1:private-demo'], { cwd: app, env: helmEnv });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toBe(
      `kf: cannot download ${privateUrl}/index.yaml: HTTP 401 Unauthorized (the repository wants credentials: store them with \`helm repo add priv ${privateUrl} --username …\`; kf reads Helm's ${join(helmHome, 'config', 'repositories.yaml')})\n`,
    );
    // helm itself stores the login (and reads the index with it; asynchronously, as this process serves it)
    const helm = spawn(helmBinary(), ['repo', 'add', 'priv', privateUrl, '--username', 'kf-user', '--password-stdin'], {
      env: { ...process.env, ...helmEnv },
      stdio: ['pipe', 'ignore', 'inherit'],
    });
    helm.stdin.end('s3cret');
    expect(await new Promise((resolve) => helm.on('close', resolve))).toBe(0);
    authorizations.length = 0;
    const add = await runKf(['chart', 'add', 'priv/demo@0.3.1:private-demo'], { cwd: app, env: helmEnv });
    expect(add.stderr).toBe('');
    expect(add.stdout).toBe('Vendored priv/demo@0.3.1 in charts/private-demo\n');
    expect(authorizations).toEqual([`Basic ${Buffer.from('kf-user:s3cret').toString('base64')}`, `Basic ${Buffer.from('kf-user:s3cret').toString('base64')}`]);
    expect(readFileSync(join(app, 'chartfile.yaml'), 'utf8')).not.toMatch(/s3cret|kf-user/);
    expect(readFileSync(join(app, 'chartfile.yaml'), 'utf8')).not.toBe(before);
  });

  it('names the line of a chartfile mistake', async () => {
    const bad = join(tempDir('kf-chart-bad-'), 'bad');
    expect((await runKf(['init', bad, '--env', 'dev'])).exitCode).toBe(0);
    writeFileSync(join(bad, 'chartfile.yaml'), `version: 1\nrepositories:\n  - name: local\n    url: ${url}\nrequires:\n  - chart: local/demo\n    version: 0.3.1\n    folder: x\n`);
    const vendor = await runKf(['chart', 'vendor'], { cwd: bad });
    expect(vendor.exitCode).toBe(1);
    expect(vendor.stderr).toBe(
      `kf: ${join(bad, 'chartfile.yaml')}:8: unknown field 'folder' (see ${kfDocsFile('app-format.md')}#vendoring-charts for the format of chartfile.yaml)\n`,
    );
  });

  it('refuses a chartfile of another format version, naming its line', async () => {
    const other = join(tempDir('kf-chart-v2-'), 'v2');
    expect((await runKf(['init', other, '--env', 'dev'])).exitCode).toBe(0);
    writeFileSync(join(other, 'chartfile.yaml'), 'repositories: []\nrequires: []\nversion: 2\n');
    const vendor = await runKf(['chart', 'vendor'], { cwd: other });
    expect(vendor.exitCode).toBe(1);
    expect(vendor.stderr).toBe(
      `kf: ${join(other, 'chartfile.yaml')}:3: 'version' must be 1, the chartfile format kf (and Tanka) read (see ${kfDocsFile('app-format.md')}#vendoring-charts for the format of chartfile.yaml)\n`,
    );
  });
});
