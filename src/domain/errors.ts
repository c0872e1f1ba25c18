/**
 * Typed errors. Commands and services throw these; one place (cli/main.ts) maps
 * them to exit codes and a one-line message. Nothing below cli/ calls process.exit.
 */

/** Exit codes of DESIGN.md. */
export const ExitCode = {
  ok: 0,
  failed: 1,
  usage: 2,
  rejections: 3,
} as const;

export class FangkongError extends Error {
  readonly exitCode: number = ExitCode.failed;
}

/** Wrong or missing arguments, or invalid input: nothing was written. Exit 2. */
export class UsageError extends FangkongError {
  override readonly exitCode: number = ExitCode.usage;
}

/** A field's problem, as a reason code of domain/i18n.ts with its parameters. */
export interface Problem {
  field: string;
  code: string;
  params?: Record<string, unknown>;
}

/** One record is invalid (one or more fields). Exit 2. The edge renders it in the user's language. */
export class ValidationError extends UsageError {
  readonly problems: Problem[];
  constructor(problems: Problem | Problem[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map((p) => `${p.field}: ${p.code}`).join('; '));
    this.problems = list;
  }
}

/** Several invalid rows in one input (an import). Exit 2. */
export class RowErrors extends UsageError {
  constructor(
    message: string,
    readonly rows: RowProblem[],
  ) {
    super(message);
  }
}

export interface RowProblem extends Problem {
  /** Spreadsheet row number: the header is row 1, the first record row 2. */
  row: number;
}

/** The record asked for does not exist. Exit 2 (nothing was written). */
export class NotFoundError extends ValidationError {}

/** The record would duplicate one already there. Exit 2. */
export class DuplicateError extends ValidationError {}

/** The database or a file cannot be used. Exit 1. */
export class StoreError extends FangkongError {}

/** Finished, but some input rows were rejected (only with --skip-invalid). Exit 3. */
export class PartialSuccess extends FangkongError {
  override readonly exitCode: number = ExitCode.rejections;
}
