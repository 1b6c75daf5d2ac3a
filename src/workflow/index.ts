// kf as a library: the actions the CLI runs, as functions with typed options, results and events.
// `import { apply } from 'kf'` runs exactly what `kf apply` runs.
export { show, type ShowOptions } from './show.js';
export { apply, type ApplyOptions, type ApplyResult, type DryRun, type PlannedApply } from './apply.js';
export { diff, type DiffOptions, type DiffResult, type ObjectDiff } from './diff.js';
export {
  deleteEnvironment,
  type DeleteOptions,
  type DeleteSummary,
  type DeleteResult,
  type Propagation,
} from './delete.js';
export {
  status,
  watchStatus,
  settled,
  type StatusOptions,
  type StatusResult,
  type ObjectStatus,
  type StatusEvent,
} from './status.js';
export {
  validate,
  type ValidateOptions,
  type ValidateResult,
  type EnvironmentValidation,
  type Problem,
} from './validate.js';
export {
  exportEnvironments,
  type ExportOptions,
  type ExportResult,
  type Drift,
  type ExportEntry,
  type MergeStrategy,
} from './export.js';
export {
  importers,
  imports,
  type ImportsOptions,
  type ImportersOptions,
  type ImportersResult,
  type AffectedEnvironment,
} from './importers.js';
export type { ConnectionOptions } from './connection.js';
export type { TargetOptions } from './target.js';
export type {
  ChangeSummary,
  ClusterTarget,
  Confirm,
  ConfirmRequest,
  EventSink,
  WorkflowEvent,
} from './events.js';
export { UserError, isUserError } from '../errors.js';
export {
  formatFiles,
  DEFAULT_FMT_EXCLUDES,
  type FormatFilesOptions,
  type FormatFilesResult,
  type FormattedFile,
  type FormatFailure,
} from './fmt.js';
