#!/usr/bin/env node
// Assembles the real-world Jsonnet set (issue 18) from bare git mirrors at pinned commits into a
// folder outside the repo, vendoring dependencies as jsonnet-bundler would (from the projects'
// jsonnetfile.lock.json / jsonnetfile.json, resolved against the other mirrors: no jb binary, no
// network). Writes <out>/programs.json, which bench/jsonnet/realworld.js and
// test/jsonnet/realworld.test.ts read.
//
//   node bench/jsonnet/realworld-assemble.js            (npm run bench:realworld calls it)
//
// Env: KF_MIRROR (default /work/.mirror; a repository owner/name lives in <mirror>/owner+name/repo),
// KF_REALWORLD_DIR (default ${XDG_CACHE_HOME:-~/.cache}/kf/realworld).
// Mirrors are fetched with the session's `fetch` tool (github:<owner>/<name>); a missing mirror
// or pinned commit is reported by name and the programs that need it are left out, loudly.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  renameSync,
} from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const MIRROR = process.env.KF_MIRROR ?? '/work/.mirror';
const cache = process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache');
export const REALWORLD_DIR = process.env.KF_REALWORLD_DIR ?? path.join(cache, 'kf', 'realworld');
// Bump when the layout or the program list changes: an older assembled folder is rebuilt.
const LAYOUT_VERSION = 4;

/**
 * Pinned commits (the mirrors' heads when the set was chosen). Dependencies use the commit their
 * project's lock file names when the mirror has it, else this pin.
 */
export const PINS = {
  // the newest commit whose jsonnetfile.lock.json names only commits the mirrors have
  'prometheus-operator/kube-prometheus': '1f2b82ef2f492c52caef02163a2b4c4aff90f651',
  'kubernetes-monitoring/kubernetes-mixin': 'aa38e2bfa7ea6ec6870420b483046afe790a6411',
  'grafana/grafonnet': '7380c9c64fb973f34c3ec46265621a2b0dee0058',
  'ksonnet/ksonnet-lib': '0d2f82676817bbf9e4acf6495b2090205f323b9f',
  'bitnami-labs/kube-libsonnet': '20bf70d8d24b3a50baaae8f951dcbc62a66b464f',
  'google/jsonnet': '5aec27e03a61dae06461becb95089b15fe217233', // v0.22.0
  'google/go-jsonnet': '923f51b8e3ba3fd49dd8b9e859e1c0304f7cdbd4',
  // dependencies
  'brancz/kubernetes-grafana': '5698c8940b6dadca3f42107b7839557bc041761f',
  'etcd-io/etcd': 'c34dc7ee0048fd2bcc44d50beff002e5e8069b69',
  'grafana/grafonnet-lib': 'a1d61cce1da59c71409b99b5c7568511fec661ea',
  'grafana/jsonnet-libs': '6da2b4b82e73d1918023586430e00c7ab56976fd',
  'jsonnet-libs/docsonnet': 'bf6f08ae02a51c48bdcec4629b1c1a5a62c6f803',
  'jsonnet-libs/testonnet': '9b30f882132b8d8754535fbcee822b804c90405f',
  'jsonnet-libs/xtd': '4d7f8cb24d613430799f9d56809cc6964f35cea9',
  'kubernetes/kube-state-metrics': 'c92fe0c5ce02d3b52abf54490e00db6c706f2ba5',
  'prometheus/alertmanager': '68fb2d5759b3a92c0bb2a1a13d4ef7ff5b06256d',
  'prometheus/node_exporter': 'a7dcc3a01545180d4f2087db70994cbc3abfed13',
  'prometheus/prometheus': 'd15adb9ad7e5d9fbde3a9a8f30200593a5a14d86',
  'prometheus-operator/prometheus-operator': '6adcebc5076c34f4f55f8f5f7b1e528929373ac7',
  'pyrra-dev/pyrra': '1ba95afbf90b2311cb9332b1633cf09218b7de9f',
  'thanos-io/thanos': 'e103a81bd5943697394afcb4fb592b6ffa806c30',
};

/**
 * Repositories too large for the fetch tool (grafana/grafana is 3 GB): their packages are replaced
 * by an empty mixin, and every program that uses one says so in its note.
 */
const UNFETCHABLE = {
  'grafana/grafana': {
    'grafana-mixin': {
      'mixin.libsonnet':
        '{ grafanaDashboards: {}, prometheusRules+: { groups+: [] }, prometheusAlerts+: { groups+: [] } }\n',
    },
  },
};

const notes = [];
function note(line) {
  notes.push(line);
  process.stderr.write(line + '\n');
}

function gitDir(repo) {
  return path.join(MIRROR, repo.replace('/', '+'), 'repo');
}

function hasCommit(repo, commit) {
  const r = spawnSync('git', ['--git-dir', gitDir(repo), 'cat-file', '-e', `${commit}^{commit}`]);
  return r.status === 0;
}

/** Extracts `subdir` of repo@commit into `dest` (replacing it). */
function extract(repo, commit, subdir, dest) {
  rmSync(dest, { recursive: true, force: true });
  mkdirSync(dest, { recursive: true });
  const treeish = subdir ? `${commit}:${subdir}` : commit;
  const tar = execFileSync('git', ['--git-dir', gitDir(repo), 'archive', '--format=tar', treeish], {
    maxBuffer: 1 << 30,
  });
  execFileSync('tar', ['-x', '-C', dest], { input: tar, maxBuffer: 1 << 30 });
}

/** owner/name of a jsonnet-bundler git remote such as https://github.com/grafana/grafonnet.git. */
function repoOfRemote(remote) {
  const m = /github\.com[/:]([^/]+)\/([^/]+?)(?:\.git)?\/?$/.exec(remote);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

function link(target, at) {
  mkdirSync(path.dirname(at), { recursive: true });
  rmSync(at, { recursive: true, force: true });
  symlinkSync(path.relative(path.dirname(at), target), at);
}

/**
 * Installs a project's dependencies into <projectDir>/vendor as `jb install` does: each git
 * dependency at vendor/github.com/<owner>/<repo>/<subdir>, plus a legacy link vendor/<name> (the
 * dependency's `name`, else the last part of its subdir, else the repository name) unless the
 * jsonnetfile turns legacyImports off; local dependencies linked by folder name; dependencies of
 * dependencies from their own jsonnetfile.json, the top-level lock file winning. Returns the
 * repositories that could not be provided.
 */
function vendorInstall(projectDir, missing = new Set()) {
  const vendor = path.join(projectDir, 'vendor');
  rmSync(vendor, { recursive: true, force: true });
  const installed = new Map();
  const read = (dir) => {
    const lockFile = path.join(dir, 'jsonnetfile.lock.json');
    const file = path.join(dir, 'jsonnetfile.json');
    const spec = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
    const lock = existsSync(lockFile) ? JSON.parse(readFileSync(lockFile, 'utf8')) : undefined;
    return { deps: (lock ?? spec).dependencies ?? [], legacy: spec.legacyImports !== false };
  };
  const queue = [{ dir: projectDir, top: true }];
  while (queue.length > 0) {
    const { dir } = queue.shift();
    const { deps, legacy } = read(dir);
    for (const dep of deps) {
      if (dep.source?.local) {
        const target = path.resolve(dir, dep.source.local.directory);
        link(target, path.join(vendor, dep.name ?? path.basename(target)));
        continue;
      }
      const remote = dep.source?.git?.remote;
      const repo = remote && repoOfRemote(remote);
      if (!repo) {
        note(
          `  ${path.basename(projectDir)}: dependency ${JSON.stringify(dep.source)} is not a GitHub repository`,
        );
        continue;
      }
      const subdir = (dep.source.git.subdir ?? '').replace(/^\/+|\/+$/g, '');
      const key = `${repo}/${subdir}`;
      if (installed.has(key)) continue;
      const dest = path.join(vendor, 'github.com', repo, subdir);
      if (UNFETCHABLE[repo]) {
        const files = UNFETCHABLE[repo][subdir] ?? {};
        mkdirSync(dest, { recursive: true });
        for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dest, f), text);
        missing.add(`${repo}/${subdir} (too large to fetch: replaced by an empty mixin)`);
      } else if (!existsSync(gitDir(repo))) {
        missing.add(`${repo} (no mirror: fetch github:${repo})`);
        installed.set(key, true);
        continue;
      } else {
        const pinned = PINS[repo];
        const wanted = /^[0-9a-f]{40}$/.test(dep.version ?? '') ? dep.version : undefined;
        const commit = wanted && hasCommit(repo, wanted) ? wanted : pinned;
        if (!commit || !hasCommit(repo, commit)) {
          missing.add(`${repo}@${commit ?? '?'} (commit not in the mirror: fetch github:${repo} again)`);
          installed.set(key, true);
          continue;
        }
        try {
          extract(repo, commit, subdir, dest);
        } catch {
          missing.add(`${repo}@${commit}:${subdir} (not in that commit)`);
          installed.set(key, true);
          continue;
        }
      }
      installed.set(key, true);
      if (legacy) {
        const name = dep.name ?? (subdir ? path.basename(subdir) : repo.split('/')[1]);
        const at = path.join(vendor, name);
        if (!existsSync(at)) link(dest, at);
      }
      queue.push({ dir: dest, top: false });
    }
  }
  return missing;
}

/**
 * Extracts a project at its pin (only `subdirs` when given: a mirror may lack its largest
 * files); returns its folder, or undefined when unavailable.
 */
function project(root, repo, missing, subdirs) {
  const pin = PINS[repo];
  if (!existsSync(gitDir(repo)) || !hasCommit(repo, pin)) {
    missing.add(`${repo}@${pin} (fetch github:${repo})`);
    return undefined;
  }
  const dest = path.join(root, repo.replace('/', '+'));
  if (subdirs) for (const sub of subdirs) extract(repo, pin, sub, path.join(dest, sub));
  else extract(repo, pin, '', dest);
  return dest;
}

/**
 * The programs: { name, cwd (relative to the set's folder), args (jsonnet CLI arguments, shared
 * by kf eval and go-jsonnet), multi (true: args contain `-m OUT`, OUT replaced per engine),
 * expectError, note }.
 */
function assemble(root) {
  const programs = [];
  const add = (p) => programs.push({ expectError: false, multi: false, outDirs: [], note: '', ...p });
  const rel = (dir) => path.relative(root, dir);
  // A library's docs as its generate.sh renders them: docsonnet, -S -m into a folder.
  const addDocsRender = (name, cwd, main) =>
    add({
      name,
      cwd,
      args: [
        '-J',
        'vendor',
        '-S',
        '-m',
        'OUT',
        '-e',
        `(import 'doc-util/main.libsonnet').render(import '${main}')`,
      ],
      multi: true,
    });

  // kube-prometheus: the example build (build.sh: jsonnet -J vendor -m manifests example.jsonnet).
  {
    const missing = new Set();
    const dir = project(root, 'prometheus-operator/kube-prometheus', missing);
    if (dir) {
      vendorInstall(dir, missing);
      const n = [...missing].join('; ');
      add({
        name: 'kube-prometheus example',
        cwd: rel(dir),
        args: ['-J', 'vendor', 'example.jsonnet'],
        note: n,
      });
      add({
        name: 'kube-prometheus example -m',
        cwd: rel(dir),
        args: ['-J', 'vendor', '-m', 'OUT', 'example.jsonnet'],
        multi: true,
        outDirs: ['setup'], // build.sh: mkdir -p manifests/setup (go-jsonnet creates no folders)
        note: n,
      });
    }
    for (const m of missing) note(`kube-prometheus: ${m}`);
    if (dir) {
      // The mixins kube-prometheus vendors, each rendered whole (alerts, rules, dashboards), as
      // their Makefiles do with `mixtool generate all`.
      const mixins = {
        'thanos mixin': 'thanos-mixin/mixin.libsonnet',
        'node-exporter mixin': 'node-mixin/mixin.libsonnet',
        'alertmanager mixin': 'alertmanager/mixin.libsonnet',
        'prometheus mixin': 'prometheus/mixin.libsonnet',
        'etcd mixin': 'github.com/etcd-io/etcd/contrib/mixin/mixin.libsonnet',
        'kube-state-metrics mixin': 'kube-state-metrics-mixin/mixin.libsonnet',
        'prometheus-operator mixin': 'prometheus-operator-mixin/mixin.libsonnet',
      };
      for (const [name, file] of Object.entries(mixins)) {
        add({
          name,
          cwd: rel(dir),
          args: [
            '-J',
            'vendor',
            '-e',
            `local m = import '${file}';\n` +
              "{ [f]: m[f] for f in ['prometheusAlerts', 'prometheusRules', 'grafanaDashboards'] if std.objectHasAll(m, f) }",
          ],
        });
      }
      // jsonnet-libs/xtd (vendored by kube-prometheus): its tests, on testonnet, and its docs
      // rendered by docsonnet.
      const xtd = path.join(dir, 'vendor', 'github.com', 'jsonnet-libs', 'xtd');
      const xtdTest = path.join(xtd, 'test');
      if (existsSync(path.join(xtdTest, 'jsonnetfile.json'))) {
        const xtdMissing = vendorInstall(xtdTest);
        for (const m of xtdMissing) note(`xtd: ${m}`);
        const tests = readdirSync(xtdTest)
          .filter((f) => f.endsWith('_test.jsonnet'))
          .sort();
        for (const t of tests) add({ name: `xtd test/${t}`, cwd: rel(xtdTest), args: ['-J', 'vendor', t] });
        addDocsRender('xtd docs (docsonnet render) -m', rel(dir), 'xtd/main.libsonnet');
      }
    }
  }

  // kubernetes-mixin: alerts, rules (YAML text, as its Makefile renders them) and dashboards (-m).
  {
    const missing = new Set();
    const dir = project(root, 'kubernetes-monitoring/kubernetes-mixin', missing);
    if (dir) {
      vendorInstall(dir, missing);
      const n = [...missing].join('; ');
      add({
        name: 'kubernetes-mixin alerts',
        cwd: rel(dir),
        args: ['-J', 'vendor', '-S', 'lib/alerts.jsonnet'],
        note: n,
      });
      add({
        name: 'kubernetes-mixin rules',
        cwd: rel(dir),
        args: ['-J', 'vendor', '-S', 'lib/rules.jsonnet'],
        note: n,
      });
      add({
        name: 'kubernetes-mixin dashboards -m',
        cwd: rel(dir),
        args: ['-J', 'vendor', '-m', 'OUT', 'lib/dashboards.jsonnet'],
        multi: true,
        note: n,
      });
    }
    for (const m of missing) note(`kubernetes-mixin: ${m}`);
  }

  // grafonnet: examples (each with its jsonnetfile), tests (with testonnet), docsonnet render.
  {
    const missing = new Set();
    const dir = project(root, 'grafana/grafonnet', missing);
    if (dir) {
      const latest = readFileSync(path.join(dir, 'gen', 'grafonnet-latest', 'main.libsonnet'), 'utf8');
      const version = /grafonnet-(v[0-9.]+)/.exec(latest)?.[1];
      for (const ex of ['simple', 'runtimeDashboard', 'redMethod']) {
        const exDir = path.join(dir, 'examples', ex);
        vendorInstall(exDir, missing);
        add({
          name: `grafonnet examples/${ex}`,
          cwd: rel(exDir),
          args: ['-J', 'vendor', '-J', 'lib', 'main.libsonnet'],
        });
      }
      // test/: `make test` installs testonnet and the generated library into test/vendor.
      const testDir = path.join(dir, 'test');
      writeFileSync(
        path.join(testDir, 'jsonnetfile.json'),
        JSON.stringify({
          version: 1,
          dependencies: [
            {
              source: { git: { remote: 'https://github.com/jsonnet-libs/testonnet.git', subdir: '' } },
              version: 'master',
            },
            { source: { local: { directory: `../gen/grafonnet-${version}` } }, version: '' },
          ],
          legacyImports: true,
        }),
      );
      vendorInstall(testDir, missing);
      link(path.join(dir, 'gen', `grafonnet-${version}`), path.join(testDir, 'vendor', 'grafonnet-latest'));
      link(
        path.join(dir, 'gen', `grafonnet-${version}`),
        path.join(testDir, 'vendor', 'github.com', 'grafana', 'grafonnet', 'gen', 'grafonnet-latest'),
      );
      // the generated library's own dependencies (doc-util, xtd)
      const genDir = path.join(dir, 'gen', `grafonnet-${version}`);
      vendorInstall(genDir, missing);
      for (const t of ['panel_test', 'row_test', 'smoke_test', 'util_test']) {
        add({
          name: `grafonnet test/${t}`,
          cwd: rel(testDir),
          args: [
            '-J',
            'vendor',
            '-J',
            'lib',
            '-J',
            path.relative(testDir, path.join(genDir, 'vendor')),
            `${t}.jsonnet`,
          ],
        });
      }
      // The docs: generate.sh renders them with docsonnet (-S -m docs/).
      addDocsRender(`grafonnet docs (docsonnet render, ${version}) -m`, rel(genDir), 'main.libsonnet');
    }
    for (const m of missing) note(`grafonnet: ${m}`);
  }

  // ksonnet-lib: the README example on the 1.8 MB generated k8s.libsonnet.
  {
    const missing = new Set();
    const dir = project(root, 'ksonnet/ksonnet-lib', missing);
    if (dir) {
      add({
        name: 'ksonnet-lib hello-nginx (beta.2)',
        cwd: rel(dir),
        args: ['-J', '.', 'examples/readme/hello-nginx.jsonnet'],
      });
      // A hello world on ksonnet.beta.3's 1.8 MB k8s.libsonnet (the README example is beta.2 only).
      const hello = path.join(dir, 'examples', 'readme', 'hello-beta3.jsonnet');
      writeFileSync(
        hello,
        [
          "local k = import 'ksonnet.beta.3/k.libsonnet';",
          'local container = k.apps.v1beta1.deployment.mixin.spec.template.spec.containersType;',
          "k.apps.v1beta1.deployment.new('nginx', 2, [container.new('nginx', 'nginx:1.7.9')], { app: 'nginx' })",
          '',
        ].join('\n'),
      );
      add({
        name: 'ksonnet-lib hello (beta.3)',
        cwd: rel(dir),
        args: ['-J', '.', path.relative(dir, hello)],
      });
    }
    for (const m of missing) note(`ksonnet-lib: ${m}`);
  }

  // kube-libsonnet: examples and its test programs (.fail ones must fail in both engines).
  {
    const missing = new Set();
    const dir = project(root, 'bitnami-labs/kube-libsonnet', missing);
    if (dir) {
      for (const ex of ['guestbook/guestbook', 'wordpress/wordpress']) {
        add({ name: `kube-libsonnet examples/${ex}`, cwd: rel(dir), args: [`examples/${ex}.jsonnet`] });
      }
      const tests = execFileSync(
        'git',
        [
          '--git-dir',
          gitDir('bitnami-labs/kube-libsonnet'),
          'ls-tree',
          '--name-only',
          PINS['bitnami-labs/kube-libsonnet'],
          'tests/',
        ],
        { encoding: 'utf8' },
      )
        .split('\n')
        .filter((f) => f.endsWith('.jsonnet') && !f.endsWith('init-kube.jsonnet'));
      for (const t of tests) {
        add({
          name: `kube-libsonnet ${t}`,
          cwd: rel(dir),
          args: ['-J', '.', t],
          expectError: t.endsWith('.fail.jsonnet'),
        });
      }
    }
    for (const m of missing) note(`kube-libsonnet: ${m}`);
  }

  // google/jsonnet benchmarks/ (bench.05 is generated by gen_big_object.jsonnet, as regen_benchmarks.sh does).
  {
    const missing = new Set();
    const dir = project(root, 'google/jsonnet', missing, ['benchmarks', 'examples']);
    if (dir) {
      // examples/ as examples/check.sh and examples/terraform/check.sh run them.
      const exDir = path.join(dir, 'examples');
      const vars = ['--ext-str', 'prefix=Happy Hour ', '--ext-code', 'brunch=true'];
      const tlas = ['--tla-str', 'prefix=Happy Hour ', '--tla-code', 'brunch=true'];
      for (const f of readdirSync(exDir)
        .filter((f) => f.endsWith('.jsonnet.golden') && !f.includes('.fmt.'))
        .sort()) {
        const program = f.replace(/\.golden$/, '');
        add({ name: `jsonnet examples/${program}`, cwd: rel(exDir), args: [...vars, ...tlas, program] });
      }
      const tfDir = path.join(exDir, 'terraform');
      for (const f of readdirSync(tfDir)
        .filter((f) => f.endsWith('.jsonnet'))
        .sort())
        add({ name: `jsonnet examples/terraform/${f}`, cwd: rel(tfDir), args: [f] });
      const bdir = path.join(dir, 'benchmarks');
      for (const b of ['01', '02', '03', '04', '06', '07', '08', '09']) {
        const args = [`bench.${b}.jsonnet`];
        if (b === '07') args.unshift('--max-stack', '200000');
        add({ name: `jsonnet benchmarks/bench.${b}`, cwd: rel(bdir), args });
      }
      add({
        name: 'jsonnet benchmarks/gen_big_object',
        cwd: rel(bdir),
        args: ['-S', 'gen_big_object.jsonnet'],
      });
    }
    for (const m of missing) note(`google/jsonnet: ${m}`);
  }

  // go-jsonnet builtin-benchmarks/.
  {
    const missing = new Set();
    const dir = project(root, 'google/go-jsonnet', missing, ['builtin-benchmarks']);
    if (dir) {
      const bdir = path.join(dir, 'builtin-benchmarks');
      const files = execFileSync(
        'git',
        [
          '--git-dir',
          gitDir('google/go-jsonnet'),
          'ls-tree',
          '--name-only',
          PINS['google/go-jsonnet'],
          'builtin-benchmarks/',
        ],
        { encoding: 'utf8' },
      )
        .split('\n')
        .filter((f) => f.endsWith('.jsonnet'))
        .map((f) => path.basename(f));
      for (const f of files)
        add({
          name: `go-jsonnet builtin-benchmarks/${f.replace(/\.jsonnet$/, '')}`,
          cwd: rel(bdir),
          args: [f],
        });
    }
    for (const m of missing) note(`google/go-jsonnet: ${m}`);
  }
  return programs;
}

/** The file under <set>/expected/ holding go-jsonnet's output of a program (see realworld.js). */
export function expectedName(name) {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_') + '.json';
}

/** Assembles the set unless an up-to-date one exists; returns the parsed programs.json. */
export function ensureRealworld({ force = false } = {}) {
  const manifest = path.join(REALWORLD_DIR, 'programs.json');
  if (!force && existsSync(manifest)) {
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    if (m.layout === LAYOUT_VERSION && JSON.stringify(m.pins) === JSON.stringify(PINS)) return m;
  }
  if (!existsSync(MIRROR)) {
    note(`no mirror folder ${MIRROR}: nothing to assemble`);
    return undefined;
  }
  const tmp = REALWORLD_DIR + '.part';
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const programs = assemble(tmp);
  const m = { layout: LAYOUT_VERSION, pins: PINS, root: REALWORLD_DIR, programs, notes };
  writeFileSync(path.join(tmp, 'programs.json'), JSON.stringify(m, null, 2) + '\n');
  rmSync(REALWORLD_DIR, { recursive: true, force: true });
  renameSync(tmp, REALWORLD_DIR);
  return m;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const m = ensureRealworld({ force: process.argv.includes('--force') });
  if (!m) process.exit(1);
  process.stderr.write(`${m.programs.length} programs in ${REALWORLD_DIR}\n`);
}
