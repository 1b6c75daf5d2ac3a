// What kf's commands take from @oclif/core, imported from its sub-modules. The start-up bundle
// (scripts/bundle.js) resolves `@oclif/core` to this file, so a fast-path command does not load
// oclif's help renderer, main loop and plugin machinery; the classes are the very same ones.
export { Command } from '@oclif/core/command';
export * as Args from '@oclif/core/args';
export * as Errors from '@oclif/core/errors';
export * as Flags from '@oclif/core/flags';
