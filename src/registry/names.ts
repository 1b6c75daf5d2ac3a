// Names and references the registry commands accept: registry names, package names, versions,
// and `<registry>/<package>[@<version>]` package references.
import { UserError } from '../errors.js';
import { isValidName, isValidVersion } from '../app/app-names.js';

export interface PackageRef {
  registry: string;
  name: string;
  version?: string;
}

export { isValidName, isValidVersion };

export function assertRegistryName(name: string): void {
  if (!isValidName(name)) {
    throw new UserError(`invalid registry name '${name}'`, {
      hint: 'use letters, digits, dots, dashes and underscores, starting with a letter or digit',
      exitCode: 2,
    });
  }
}

/** Parses `<registry>/<pkg>[@<version>]`. */
export function parsePackageRef(text: string): PackageRef {
  const match = /^([^/@]+)\/([^/@]+)(?:@([^/@]+))?$/.exec(text);
  if (!match || !isValidName(match[1]) || !isValidName(match[2]) || (match[3] && !isValidVersion(match[3]))) {
    throw new UserError(`invalid package reference '${text}'`, {
      hint: 'write it as <registry>/<package> or <registry>/<package>@<version>, e.g. kubeflow/core',
      exitCode: 2,
    });
  }
  return { registry: match[1], name: match[2], version: match[3] };
}

export function libraryKey(registry: string, name: string): string {
  return `${registry}/${name}`;
}
