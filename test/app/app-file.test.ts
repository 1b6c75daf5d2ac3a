import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { initialAppYaml, readAppSpec } from '../../src/app/app-file.js';
import { tempDir } from '../helpers/run-kf.js';

describe('app id', () => {
  // A random hex id can look like a YAML number: all digits, or digits around an `e`
  // (1234e5678901 reads as Infinity). It must still read back as the same string.
  it.each(['123456789012', '1234e5678901', '000000000000', '3f9c0a1b7d2e'])(
    '%s reads back as written',
    (id) => {
      const root = join(tempDir('kf-app-id-'), 'app');
      mkdirSync(root);
      writeFileSync(join(root, 'app.yaml'), initialAppYaml('app', id));
      expect(readAppSpec(root).id).toBe(id);
    },
  );
});
