// Generates k8s-libsonnet (github.com/jsonnet-libs/k8s-libsonnet, 877 MB: too large to fetch) as its
// own CI does: jsonnet-libs/k8s's Go generator, built from the mirror at its pin (once, into
// ~/.cache/kf/k8s-gen-<pin>), run on Kubernetes' OpenAPI swagger.json taken from the Go module
// cache (`go mod download`, the Go module proxy), never from raw.githubusercontent.com: the
// generator reads a plain path as a file (pkg/swagger/load.go), so nothing leaves the machine.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** The Kubernetes release whose API the generated library covers (its swagger.json). */
export const KUBERNETES_MODULE = 'k8s.io/kubernetes@v1.37.2';
export const K8S_LIBSONNET_VERSION = '1.37';

function run(cmd, args, options) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 28, ...options });
  if (r.error) return { ok: false, why: `${cmd}: ${r.error.message}` };
  if (r.status !== 0)
    return {
      ok: false,
      why: `${cmd} ${args.join(' ')}: ${(r.stderr ?? '').trim().split('\n').slice(-3).join(' / ')}`,
    };
  return { ok: true, stdout: r.stdout };
}

/** Builds the generator from <gitDir>@commit into <cacheRoot>/k8s-gen-<commit>/bin (once). */
function ensureGenerator(gitDir, commit, cacheRoot) {
  const home = path.join(cacheRoot, `k8s-gen-${commit.slice(0, 12)}`);
  const bin = path.join(home, 'bin', 'k8s-gen');
  if (existsSync(bin)) return { bin };
  const src = path.join(home, 'src');
  rmSync(src, { recursive: true, force: true });
  mkdirSync(src, { recursive: true });
  const tar = execFileSync(
    'git',
    ['--git-dir', gitDir, 'archive', '--format=tar', commit, 'main.go', 'go.mod', 'go.sum', 'pkg'],
    {
      maxBuffer: 1 << 28,
    },
  );
  execFileSync('tar', ['-x', '-C', src], { input: tar });
  // Built to a temporary name, renamed when complete: an interrupted build is not taken for a binary.
  const r = run('go', ['build', '-o', bin + '.part', '.'], {
    cwd: src,
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  if (!r.ok) return { why: `go build of jsonnet-libs/k8s@${commit.slice(0, 12)} failed (${r.why})` };
  renameSync(bin + '.part', bin);
  return { bin };
}

/** swagger.json of KUBERNETES_MODULE, downloaded into the Go module cache if not there yet. */
function swaggerJson(scratch) {
  mkdirSync(scratch, { recursive: true });
  const r = run('go', ['mod', 'download', '-json', KUBERNETES_MODULE], {
    cwd: scratch,
    env: { ...process.env, GOFLAGS: '-mod=mod' },
  });
  if (!r.ok) return { why: `go mod download ${KUBERNETES_MODULE} failed (${r.why})` };
  const dir = JSON.parse(r.stdout).Dir;
  const file = dir && path.join(dir, 'api', 'openapi-spec', 'swagger.json');
  if (!file || !existsSync(file)) return { why: `${KUBERNETES_MODULE} has no api/openapi-spec/swagger.json` };
  return { file };
}

/**
 * Generates k8s-libsonnet K8S_LIBSONNET_VERSION into <out>/<version> with the generator's own
 * patches (libs/k8s/custom/core), extracted with libs/k8s into configDir. Returns { dir } or
 * { why } (no Go, failed build or download): the caller reports it by name.
 */
export function generateK8sLibsonnet({ gitDir, commit, cacheRoot, configDir, out }) {
  const go = run('go', ['version']);
  if (!go.ok) return { why: `no Go toolchain (${go.why})` };
  const gen = ensureGenerator(gitDir, commit, cacheRoot);
  if (!gen.bin) return gen;
  const spec = swaggerJson(path.join(cacheRoot, `k8s-gen-${commit.slice(0, 12)}`, 'scratch'));
  if (!spec.file) return spec;
  rmSync(configDir, { recursive: true, force: true });
  mkdirSync(configDir, { recursive: true });
  execFileSync('tar', ['-x', '-C', configDir], {
    input: execFileSync('git', ['--git-dir', gitDir, 'archive', '--format=tar', `${commit}:libs/k8s`], {
      maxBuffer: 1 << 28,
    }),
  });
  // One spec of libs/k8s/config.jsonnet (its `config.yml`), for this version and the local file.
  // JSON is YAML: the generator reads it with yaml.v2.
  const repository = 'github.com/jsonnet-libs/k8s-libsonnet';
  writeFileSync(
    path.join(configDir, 'config.yml'),
    JSON.stringify(
      {
        repository,
        specs: [
          {
            output: K8S_LIBSONNET_VERSION,
            openapi: spec.file,
            prefix: '^io\\.k8s\\.(api|(kube-aggregator|apimachinery)\\.pkg\\.apis)\\..*',
            patchDir: 'custom/core',
            extensionsDir: 'extensions/core',
            localName: 'k',
            repository,
            description: `Generated Jsonnet library for Kubernetes v${K8S_LIBSONNET_VERSION}`,
          },
        ],
      },
      null,
      2,
    ),
  );
  rmSync(out, { recursive: true, force: true });
  const r = run(gen.bin, ['-c', path.join(configDir, 'config.yml'), '-o', out]);
  if (!r.ok) return { why: `k8s-gen failed (${r.why})` };
  const dir = path.join(out, K8S_LIBSONNET_VERSION);
  if (!existsSync(path.join(dir, 'main.libsonnet'))) return { why: `k8s-gen wrote no ${dir}/main.libsonnet` };
  return { dir, swagger: spec.file };
}
