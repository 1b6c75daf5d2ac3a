// Comparing API server URLs, for kubeconfig checks and for choosing a Tanka inline environment by
// its apiServer (kept apart from src/cluster so rendering does not load the cluster client).

/** Server URLs compare equal regardless of a trailing slash, case of the host or a default port. */
export function sameServer(a: string, b: string): boolean {
  const normalize = (url: string): string => {
    try {
      const parsed = new URL(url);
      return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
    } catch {
      return url.replace(/\/+$/, '');
    }
  };
  return normalize(a) === normalize(b);
}
