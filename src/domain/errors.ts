/**
 * Typed errors, by kind. Commands and services throw these; one table in cli/main.ts maps
 * the kinds to exit codes, and one function there to a one-line message. Nothing below cli/
 * calls process.exit.
 */

export class FangkongError extends Error {
  /**
   * `message` is the English line; `zh`, the same in Chinese, shown with --lang zh (cli/main.ts).
   * Without it, the Chinese user sees the English line: give one wherever the error can reach a person.
   */
  constructor(
    message: string,
    readonly zh?: string,
  ) {
    super(message);
  }
}

/** Wrong or missing arguments, or invalid input: nothing was written. */
export class UsageError extends FangkongError {}

/** A field's problem, as a reason code of domain/i18n.ts with its parameters. */
export interface Problem {
  field: string;
  code: string;
  params?: Record<string, unknown>;
}

/** One record is invalid (one or more fields).  The edge renders it in the user's language. */
export class ValidationError extends UsageError {
  readonly problems: Problem[];
  constructor(problems: Problem | Problem[]) {
    const list = Array.isArray(problems) ? problems : [problems];
    super(list.map((p) => `${p.field}: ${p.code}`).join('; '));
    this.problems = list;
  }
}

/** Several invalid rows in one input (an import); each was reported as it was read. */
export class RowErrors extends UsageError {
  constructor(
    message: string,
    readonly rows: RowProblem[],
    zh?: string,
  ) {
    super(message, zh);
  }
}

export interface RowProblem extends Problem {
  /** Spreadsheet row number: the header is row 1, the first record row 2. */
  row: number;
}

/** The record asked for does not exist. Nothing was written. */
export class NotFoundError extends ValidationError {}

/** The record would duplicate one already there.  */
export class DuplicateError extends ValidationError {}

/** The database or a file cannot be used.  */
export class StoreError extends FangkongError {}

/**
 * Another desk changed the record this command read before it could write (a reassessment and a
 * transfer of the same person at once): nothing was written; the same command again will do.
 */
export class ConflictError extends StoreError {
  /** `record` names it in English ("measure 12"), `zhRecord` in Chinese ("措施 12"). */
  constructor(
    readonly record: string,
    zhRecord: string = record,
  ) {
    super(
      `${record} was changed by another desk while this command ran: nothing was written; run the command again`,
      `本命令执行期间，另一处已修改了${zhRecord}：未写入任何内容，请重新运行本命令`,
    );
  }
}

