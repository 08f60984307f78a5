import type { Localized } from './i18n.js';

/** Exit status of a command that an error stops: 2 bad input or usage (fix the input and retry), 3 runtime failure. */
export type ExitStatus = 2 | 3;

/**
 * Every error code attt reports, with the exit status it gives. Match on the code, never on the
 * text. A new failure gets a new code here; a code is never renamed or reused.
 */
export const ERROR_EXIT_STATUS = {
  // usage and input (2)
  ATTT_USAGE: 2,
  ATTT_INVENTORY_INVALID: 2,
  ATTT_INVENTORY_MISSING: 2,
  ATTT_HOST_UNRESOLVABLE: 2,
  ATTT_TARGETS_INVALID: 2,
  ATTT_OUT_OF_SCOPE: 2,
  ATTT_ANSWERS_INVALID: 2,
  ATTT_ANSWERS_UNREADABLE: 2,
  ATTT_ANSWERS_VERSION: 2,
  ATTT_ANSWERS_WRONG_QUESTIONNAIRE: 2,
  ATTT_ANSWERS_WRONG_UNIT: 2,
  ATTT_QUESTIONNAIRE_INVALID: 2,
  ATTT_QUESTIONNAIRE_UNKNOWN: 2,
  ATTT_XLSX_INVALID: 2,
  ATTT_EOL_DATA_INVALID: 2,
  ATTT_EOL_DATA_UNREADABLE: 2,
  ATTT_DATA_INVALID: 2,
  ATTT_DATA_UNKNOWN: 2,
  ATTT_RESULTS_INVALID: 2,
  ATTT_RESULTS_VERSION: 2,
  ATTT_FRAMEWORK_INVALID: 2,
  ATTT_FRAMEWORK_UNKNOWN: 2,
  ATTT_OUT_DIR: 2,
  ATTT_REPORT_FORMAT: 2,
  ATTT_REPORT_UNIT_UNKNOWN: 2,
  ATTT_TEMPLATE_DIR: 2,
  ATTT_TRACKER_STORE: 2,
  ATTT_TRACKER_MISSING: 2,
  ATTT_TRACKER_ACCEPT: 2,
  ATTT_TRACKER_CYCLE_ORDER: 2,
  ATTT_TRACKER_DATE: 2,
  ATTT_TRACKER_NOTHING: 2,
  ATTT_TRACKER_SIGNOFF: 2,
  ATTT_TRACKER_STATUS: 2,
  ATTT_TRACKER_USAGE: 2,
  ATTT_FILE_MISSING: 2,
  ATTT_FILE_UNREADABLE: 2,
  ATTT_CA_INVALID: 2,
  ATTT_P12_INVALID: 2,
  ATTT_P12_NO_CERT: 2,
  ATTT_P12_NO_KEY: 2,
  ATTT_P12_PASSPHRASE: 2,
  ATTT_P12_PASSPHRASE_MISSING: 2,
  ATTT_SIGNATURE_FORMAT: 2,
  ATTT_SIGNATURE_MISSING: 2,
  ATTT_SIGNER_EXPIRED: 2,
  ATTT_USER_INVALID: 2,
  ATTT_USER_PASSWORD: 2,
  ATTT_SERVE_USAGE: 2,
  ATTT_CRL_INVALID: 2,
  ATTT_HOST_INVALID: 2,
  ATTT_INPUT_ENCODING: 2,
  ATTT_INPUT_NOT_A_FILE: 2,
  ATTT_INPUT_TOO_LARGE: 2,
  ATTT_OUTPUT_NOT_REGULAR: 2,
  ATTT_OUTPUT_UNWRITABLE: 2,
  ATTT_PDF_STRUCTURE: 2,
  ATTT_PKCS11_MANY_KEYS: 2,
  ATTT_PKCS11_MODULE: 2,
  ATTT_PKCS11_NO_CERT: 2,
  ATTT_PKCS11_NO_KEY: 2,
  ATTT_PKCS11_PIN: 2,
  ATTT_PKCS11_SLOT: 2,
  ATTT_SIGNATURE_FONT_MISSING: 2,
  ATTT_SIGNER_KEY_TYPE: 2,
  ATTT_SIGNER_UNSUITABLE: 2,
  ATTT_TRACKER_ANCHOR: 2,
  ATTT_TSA_FAILED: 2,
  ATTT_PKCS11_PIN_MISSING: 2,
  ATTT_P12_UNSUPPORTED: 2,
  ATTT_NMAP_UNREADABLE: 2,
  ATTT_NMAP_INVALID: 2,
  ATTT_HOSTS_FILE: 2,
  ATTT_TRACKER_WHERE: 2,
  ATTT_TRACKER_AUTH: 2,
  ATTT_TRACKER_MIGRATE_CONFLICT: 2,
  ATTT_BUNDLE_INVALID: 2,
  ATTT_BUNDLE_TOO_LARGE: 2,
  ATTT_BUNDLE_SIGNATURE: 2,
  ATTT_BUNDLE_VERSION: 2,
  ATTT_BUNDLE_SIGNER_NOT_ALLOWED: 2,
  ATTT_BUNDLE_FOREIGN_SYSTEM: 2,
  ATTT_BUNDLE_UNIT_UNKNOWN: 2,
  ATTT_BUNDLE_SIGNERS_INVALID: 2,
  // runtime (3)
  ATTT_INTERRUPTED: 3,
  ATTT_SCAN_FAILED: 3,
  ATTT_SCAN_TIMEOUT: 3,
  ATTT_TARGET_UNREACHABLE: 3,
  ATTT_STARTTLS: 3,
  ATTT_TEMPLATE_RENDER: 3,
  ATTT_CHROMIUM_MISSING: 3,
  ATTT_TRACKER_UNAVAILABLE: 3,
  ATTT_TRACKER_BUSY: 3,
  ATTT_TRACKER_OPEN_FAILED: 3,
  ATTT_OUTPUT_IO: 3,
  ATTT_OUTPUT_NO_SPACE: 3,
  ATTT_PRINTER_PORT: 3,
} as const satisfies Record<string, ExitStatus>;

/**
 * A scanner failure named after what the server did (`ATTT_TLS_NOT_TLS`, `ATTT_TLS_NO_PROTOCOL`,
 * `ATTT_HTTP_TIMEOUT`, `ATTT_HTTP_REDIRECT_LOOP`, `ATTT_SSH_NOT_SSH` …): recorded on the target, a
 * runtime failure (3).
 */
export type ScannerErrorCode = `ATTT_TLS_${string}` | `ATTT_HTTP_${string}` | `ATTT_SSH_${string}`;
export type ErrorCode = keyof typeof ERROR_EXIT_STATUS | ScannerErrorCode;
/** The codes of one exit status (InputError takes only codes of status 2). */
export type ErrorCodeWithStatus<S extends ExitStatus> = { [K in keyof typeof ERROR_EXIT_STATUS]: (typeof ERROR_EXIT_STATUS)[K] extends S ? K : never }[keyof typeof ERROR_EXIT_STATUS];

export function exitStatusOf(code: ErrorCode): ExitStatus {
  return code in ERROR_EXIT_STATUS ? ERROR_EXIT_STATUS[code as keyof typeof ERROR_EXIT_STATUS] : 3;
}

/** A code read back from results.json (targets[].error.code) as an ErrorCode; an unknown one becomes `fallback`. */
export function errorCodeOf(code: string | undefined, fallback: ErrorCode): ErrorCode {
  if (code && (code in ERROR_EXIT_STATUS || /^ATTT_(TLS|HTTP|SSH)_[A-Z0-9_]+$/.test(code))) return code as ErrorCode;
  return fallback;
}


/**
 * Every failure the toolkit reports on purpose is a ToolkitError with a stable `code`
 * (match on the code, never on the text) and a bilingual message saying what failed,
 * on which input, and what to do. Only the CLI layer prints errors and picks exit codes.
 */
export class ToolkitError extends Error {
  readonly code: ErrorCode;
  readonly text: Localized;
  /** Process exit status the CLI uses, from the code (ERROR_EXIT_STATUS). */
  readonly exitCode: ExitStatus;
  readonly details?: string[];

  constructor(code: ErrorCode, text: Localized, options: { cause?: unknown; details?: string[] } = {}) {
    super(text.en, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.text = text;
    this.exitCode = exitStatusOf(code);
    this.details = options.details;
  }
}

/** Bad command-line usage or arguments (exit 2). */
export class UsageError extends ToolkitError {
  constructor(text: Localized, options: { cause?: unknown; details?: string[] } = {}) {
    super('ATTT_USAGE', text, options);
  }
}

/** Any user-supplied file that is malformed: inventory, answers, results, spreadsheet (exit 2). */
export class InputError extends ToolkitError {
  constructor(code: ErrorCodeWithStatus<2>, text: Localized, options: { cause?: unknown; details?: string[] } = {}) {
    super(code, text, options);
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
    super('ATTT_TARGET_UNREACHABLE', text, options);
  }
}

/** A target did not answer in time. Recorded as an `error` result. */
export class ScanTimeoutError extends ToolkitError {
  constructor(text: Localized, options: { cause?: unknown } = {}) {
    super('ATTT_SCAN_TIMEOUT', text, options);
  }
}

/** A target is outside `scope.allow`: nothing was sent to it. */
export class OutOfScopeError extends ToolkitError {
  constructor(text: Localized, options: { cause?: unknown } = {}) {
    super('ATTT_OUT_OF_SCOPE', text, options);
  }
}

export class TemplateRenderError extends ToolkitError {
  constructor(text: Localized, options: { cause?: unknown } = {}) {
    super('ATTT_TEMPLATE_RENDER', text, options);
  }
}

/**
 * The tracker database is corrupt, foreign or of a newer schema, or a finding id is unknown
 * (ATTT_TRACKER_STORE, 2); PostgreSQL refused the credentials (ATTT_TRACKER_AUTH, 2); a migration
 * target already holds another history (ATTT_TRACKER_MIGRATE_CONFLICT, 2); or it is locked too
 * long, cannot be opened, or the server is down or the connection was lost (ATTT_TRACKER_BUSY,
 * ATTT_TRACKER_OPEN_FAILED, ATTT_TRACKER_UNAVAILABLE, 3).
 */
export class TrackerStoreError extends ToolkitError {
  constructor(text: Localized, options: { cause?: unknown; code?: 'ATTT_TRACKER_STORE' | 'ATTT_TRACKER_BUSY' | 'ATTT_TRACKER_OPEN_FAILED' | 'ATTT_TRACKER_UNAVAILABLE' | 'ATTT_TRACKER_AUTH' | 'ATTT_TRACKER_MIGRATE_CONFLICT' } = {}) {
    super(options.code ?? 'ATTT_TRACKER_STORE', text, options);
  }
}

/** A signature, key or certificate problem in sign-off. */
export class SigningError extends ToolkitError {
  constructor(code: ErrorCode, text: Localized, options: { cause?: unknown } = {}) {
    super(code, text, options);
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
