#!/usr/bin/env node
// Minimal CLI over kf's built engine (dist/), so benchmarks measure a whole process like the others.
import { Engine } from '../../dist/jsonnet/index.js';

const file = process.argv[2];
try {
  process.stdout.write(new Engine().evaluateFileToJson(file));
} catch (e) {
  process.stderr.write(`${e.message}\n`);
  process.exit(1);
}
