// Maps a ksonnet registry (app.yaml `registries: {<name>: {protocol, uri}}`) to a kf registry URI.
// Pure: no I/O and no GitHub API — a github registry becomes a plain git URL kf clones.
//
//   github  github.com/<owner>/<repo>                      → https://github.com/<owner>/<repo>.git
//           github.com/<owner>/<repo>/tree/<ref>/<path>    → https://github.com/<owner>/<repo>.git//<path>?ref=<ref>
//           github.com/<owner>/<repo>/blob/<ref>/<path>/registry.yaml (same, without registry.yaml)
//   fs      /abs, ./rel, file:///abs                        → unchanged (kf reads folders the same way)
//   helm    <chart repo URL>                                → unchanged (kf reports it unsupported when used)

const GITHUB = /^(?:https?:\/\/)?(?:www\.)?github\.com\/([^/\s]+)\/([^/\s]+?)(?:\.git)?(?:\/(tree|blob)\/([^/\s]+)(?:\/(.*?))?)?\/?$/;

export function ksonnetRegistryUri(protocol: string, uri: string): string {
  const text = uri.trim();
  const github = GITHUB.exec(text);
  if (github && (protocol === 'github' || protocol === '')) {
    const [, owner, repo, , ref, rawPath] = github;
    let path = (rawPath ?? '').replace(/\/+$/, '');
    if (path === 'registry.yaml' || path.endsWith('/registry.yaml')) path = path.slice(0, -'registry.yaml'.length).replace(/\/$/, '');
    return `https://github.com/${owner}/${repo}.git${path !== '' ? `//${path}` : ''}${ref !== undefined ? `?ref=${ref}` : ''}`;
  }
  return text;
}
