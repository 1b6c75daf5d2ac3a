// kubecfg's resolveImage with its default resolver (--resolve-images=noop): the image name read as
// Docker reads one (the reference grammar of docker/distribution v2.8.2, which genuinetools/reg's
// ParseImage uses) and written back in full: `nginx` is `docker.io/library/nginx:latest`. Nothing
// asks a registry; kf has no other resolver.

// The grammar's pieces (reference/regexp.go); Go's \w is ASCII, as JavaScript's.
const NAME_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*(?::[0-9]+)?`;
const NAME = `(?:${DOMAIN}/)?${NAME_COMPONENT}(?:/${NAME_COMPONENT})*`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
const REFERENCE = new RegExp(`^(${NAME})(?::(${TAG}))?(?:@(${DIGEST}))?$`);
const SPLIT_NAME = new RegExp(`^(?:(${DOMAIN})/)?(${NAME_COMPONENT}(?:/${NAME_COMPONENT})*)$`);
const IMAGE_ID = /^[a-f0-9]{64}$/;
const NAME_TOTAL_LENGTH_MAX = 255;

/** Hex lengths of the digest algorithms go-digest knows. */
const DIGEST_LENGTHS: Record<string, number> = { sha256: 64, sha384: 96, sha512: 128 };

/** resolveImage(image) with kubecfg's noop resolver; throws kubecfg's error for a bad name. */
export function normalizeImageName(image: string): string {
  const fail = (why: string) => new Error(`parsing image ${JSON.stringify(image)} failed: ${why}`);
  if (IMAGE_ID.test(image))
    throw fail(`invalid repository name (${image}), cannot specify 64-byte hexadecimal strings`);
  const [domain, remainder] = splitDockerDomain(image);
  const tagAt = remainder.indexOf(':');
  const remoteName = tagAt < 0 ? remainder : remainder.slice(0, tagAt);
  if (remoteName.toLowerCase() !== remoteName)
    throw fail('invalid reference format: repository name must be lowercase');
  const full = `${domain}/${remainder}`;
  const match = REFERENCE.exec(full);
  if (match === null) {
    throw fail(
      REFERENCE.test(full.toLowerCase()) ? 'repository name must be lowercase' : 'invalid reference format',
    );
  }
  const [, name, tag, digest] = match as unknown as [string, string, string | undefined, string | undefined];
  if (name.length > NAME_TOTAL_LENGTH_MAX)
    throw fail(`repository name must not be more than ${NAME_TOTAL_LENGTH_MAX} characters`);
  if (digest !== undefined) checkDigest(digest, fail);
  const [, registry = '', path] = SPLIT_NAME.exec(name) as unknown as [string, string | undefined, string];
  // reference.TagNameOnly gives a bare name the tag `latest`; a digest wins over a tag.
  const prefix = registry === '' ? path : `${registry}/${path}`;
  return digest !== undefined ? `${prefix}@${digest}` : `${prefix}:${tag ?? 'latest'}`;
}

/** splitDockerDomain: Docker Hub unless the first component looks like a host. */
function splitDockerDomain(name: string): [string, string] {
  const slash = name.indexOf('/');
  const first = slash < 0 ? '' : name.slice(0, slash);
  let [domain, remainder] =
    slash < 0 || (!/[.:]/.test(first) && first !== 'localhost')
      ? ['docker.io', name]
      : [first, name.slice(slash + 1)];
  if (domain === 'index.docker.io') domain = 'docker.io';
  if (domain === 'docker.io' && !remainder.includes('/')) remainder = `library/${remainder}`;
  return [domain, remainder];
}

/** go-digest's Digest.Validate. */
function checkDigest(digest: string, fail: (why: string) => Error): void {
  const colon = digest.indexOf(':');
  const algorithm = digest.slice(0, colon);
  const encoded = digest.slice(colon + 1);
  const length = Object.hasOwn(DIGEST_LENGTHS, algorithm) ? DIGEST_LENGTHS[algorithm] : undefined;
  if (length === undefined) {
    const wellFormed = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/.test(digest);
    throw fail(wellFormed ? 'unsupported digest algorithm' : 'invalid checksum digest format');
  }
  if (encoded.length !== length) throw fail('invalid checksum digest length');
  if (!/^[a-f0-9]+$/.test(encoded)) throw fail('invalid checksum digest format');
}
