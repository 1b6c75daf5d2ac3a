// Credentials of a test control plane: static bearer tokens (kube-apiserver
// --token-auth-file) and the service-account signing key pair.
import { generateKeyPairSync, randomBytes } from 'node:crypto';

export interface TokenUser {
  token: string;
  user: string;
  uid: string;
  groups?: string[];
}

/** The user every test context uses by default: cluster-admin through system:masters. */
export const ADMIN_USER = 'kf-admin';
/** The user of the `restricted` context: read-only in one namespace (see restricted.ts). */
export const RESTRICTED_USER = 'kf-restricted';

export function newToken(): string {
  return randomBytes(24).toString('hex');
}

export function newTestUsers(): { admin: TokenUser; restricted: TokenUser } {
  return {
    admin: { token: newToken(), user: ADMIN_USER, uid: 'uid-kf-admin', groups: ['system:masters'] },
    restricted: { token: newToken(), user: RESTRICTED_USER, uid: 'uid-kf-restricted' },
  };
}

/** The CSV format kube-apiserver reads: token,user,uid,"group1,group2". */
export function tokenAuthFile(users: readonly TokenUser[]): string {
  return users
    .map((u) => {
      const row = [u.token, u.user, u.uid];
      if (u.groups && u.groups.length > 0) row.push(`"${u.groups.join(',')}"`);
      return row.join(',');
    })
    .join('\n')
    .concat('\n');
}

export interface ServiceAccountKeyPair {
  publicKeyPem: string;
  privateKeyPem: string;
}

export function newServiceAccountKeyPair(): ServiceAccountKeyPair {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs1', format: 'pem' },
  });
  return { publicKeyPem: publicKey, privateKeyPem: privateKey };
}
