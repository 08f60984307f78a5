import type { Localized } from './i18n.js';

/**
 * Every failure the toolkit reports on purpose is a ToolkitError with a stable `code`
 * (match on the code, never on the text) and a bilingual message saying what failed,
 * on which input, and what to do. Only the CLI layer prints errors and picks exit codes.
 */
export class ToolkitError extends Error {
  readonly code: string;
  readonly text: Localized;
  /** Process exit code the CLI uses: 2 for bad input/usage, 3 for runtime failures. */
  readonly exitCode: number;
  readonly details?: string[];

  constructor(code: string, text: Localized, options: { cause?: unknown; exitCode?: number; details?: string[] } = {}) {
    super(text.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.text = text;
    this.exitCode = options.exitCode ?? 3;
    this.details = options.details;
  }
}

/** Bad command-line usage or arguments (exit 2). */
export class UsageError extends ToolkitError {
  constructor(text: Localized, options: { cause?: unknown; details?: string[] } = {}) {
    super('ATTT_USAGE', text, { ...options, exitCode: 2 });
  }
}

/** Any user-supplied file that is malformed: inventory, answers, results, spreadsheet (exit 2). */
export class InputError extends ToolkitError {
  constructor(code: string, text: Localized, options: { cause?: unknown; details?: string[] } = {}) {
    super(code, text, { ...options, exitCode: 2 });
  }
}

/** The inventory does not validate; `details` holds one `file:line:col path: problem` per issue. */
export class InventoryInvalidError extends InputError {
  constructor(text: Localized, details: string[] = [], options: { cause?: unknown } = {}) {
    super('ATTT_INVENTORY_INVALID', text, { ...options, details });
  }
}

/** A target could not be reached (DNS failure, refused, unreachable). Recorded as an `error` result. */
export class TargetUnreachableError extends ToolkitError {
  constructor(text: Localized, options: { cause?: unknown } = {}) {
    super('ATTT_TARGET_UNREACHABLE', text, { ...options, exitCode: 3 });
  }
}

/** A target did not answer in time. Recorded as an `error` result. */
export class ScanTimeoutError extends ToolkitError {
  constructor(text: Localized, options: { cause?: unknown } = {}) {
    super('ATTT_SCAN_TIMEOUT', text, { ...options, exitCode: 3 });
  }
}

/** A target is outside `scope.allow`: nothing was sent to it. */
export class OutOfScopeError extends ToolkitError {
  constructor(text: Localized, options: { cause?: unknown } = {}) {
    super('ATTT_OUT_OF_SCOPE', text, { ...options, exitCode: 2 });
  }
}

export class TemplateRenderError extends ToolkitError {
  constructor(text: Localized, options: { cause?: unknown } = {}) {
    super('ATTT_TEMPLATE_RENDER', text, { ...options, exitCode: 3 });
  }
}

/** The tracker database is corrupt, foreign or of a newer schema; or a finding id is unknown. */
export class TrackerStoreError extends ToolkitError {
  constructor(text: Localized, options: { cause?: unknown; exitCode?: number } = {}) {
    super('ATTT_TRACKER_STORE', text, { exitCode: 2, ...options });
  }
}

/** A signature, key or certificate problem in sign-off. */
export class SigningError extends ToolkitError {
  constructor(code: string, text: Localized, options: { cause?: unknown; exitCode?: number } = {}) {
    super(code, text, { exitCode: 2, ...options });
  }
}

/** A bug: the CLI prints "please report" with the stack. */
export class InternalError extends ToolkitError {
  constructor(text: Localized, options: { cause?: unknown } = {}) {
    super('ATTT_INTERNAL', text, { ...options, exitCode: 3 });
  }
}

export function isToolkitError(error: unknown): error is ToolkitError {
  return error instanceof ToolkitError;
}

/** A short description of any thrown value, for evidence and logs. */
export function describeError(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}
