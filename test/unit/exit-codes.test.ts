/** Exit codes come from error kinds, in one table (cli/main.ts), as DESIGN.md lists them. */
import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeOf } from '../../src/cli/main.js';
import { DuplicateError, FangkongError, NotFoundError, RowErrors, StoreError, UsageError, ValidationError } from '../../src/domain/errors.js';

describe('exit codes by error kind', () => {
  it.each([
    [new UsageError('x'), ExitCode.usage],
    [new ValidationError({ field: 'phone', code: 'phone' }), ExitCode.usage],
    [new NotFoundError({ field: 'id_number', code: 'unknown_arrival' }), ExitCode.usage],
    [new DuplicateError({ field: 'id_number', code: 'duplicate' }), ExitCode.usage],
    [new RowErrors('x', []), ExitCode.usage],
    [new StoreError('x'), ExitCode.failed],
    [new FangkongError('x'), ExitCode.failed],
    [new Error('unexpected'), ExitCode.failed],
  ])('%s → %i', (err, code) => {
    expect(exitCodeOf(err)).toBe(code);
  });
});
