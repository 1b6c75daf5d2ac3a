#!/usr/bin/env -S node --import tsx
// Development entry: runs the TypeScript sources directly (no build step).
import { execute } from '@oclif/core';

// From the package root (bin/package.json only makes bin/run.js CommonJS).
await execute({ development: true, dir: new URL('../package.json', import.meta.url).href });
