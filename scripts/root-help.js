#!/usr/bin/env node
// Build step: render the root help once with oclif so bin/run.js can print it without loading oclif.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const bin = new URL('../bin/run.js', import.meta.url).pathname;
const help = execFileSync(process.execPath, [bin, '--help'], {
  env: { ...process.env, KF_NO_FASTPATH: '1', COLUMNS: '100' },
  encoding: 'utf8',
});
writeFileSync(new URL('../dist/root-help.txt', import.meta.url), help);
