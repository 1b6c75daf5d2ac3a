// `--k8s-version` of env add and env set: the Kubernetes version whose bundled schemas kf validate
// checks an environment against.
import { Flags } from '@oclif/core';
import { UserError } from '../errors.js';
import { bundledVersions, minorOf } from '../render/schemas/kubernetes-schemas.js';

/** `--k8s-version` of env add / env set: the Kubernetes version kf validate checks an environment against. */
export function k8sVersionFlag(removable: boolean) {
  return Flags.string({
    description: `the Kubernetes version kf validate checks this environment against (1.36, v1.36.2: schemas are bundled for ${bundledVersions().join(', ')})${removable ? "; '' removes it (the newest)" : ''} (default: the newest)`,
  });
}

/** `--k8s-version`'s value as app.yaml keeps it (`1.36`); a version kf has no schemas for is refused. */
export function parseK8sVersionFlag(text: string): string {
  if (text === '') return '';
  const minor = minorOf(text);
  const bundled = bundledVersions();
  if (minor === undefined || !bundled.includes(minor))
    throw new UserError(
      `--k8s-version ${JSON.stringify(text)}: ${minor === undefined ? 'not a Kubernetes version' : `kf has no schemas for Kubernetes ${minor}`}`,
      { hint: `give one of ${bundled.join(', ')}`, exitCode: 2 },
    );
  return minor;
}
