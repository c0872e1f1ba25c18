import fs from 'node:fs';
import path from 'node:path';
import { StoreError } from '../domain/errors.js';

/** Writes to a temporary file beside the target and renames it: a half-written file never appears. */
export function writeFileAtomic(file: string, text: string | Uint8Array, mode = 0o600): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, text, { mode });
    fs.renameSync(tmp, file);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw new StoreError(`cannot write ${file}: ${(err as Error).message}`);
  }
}
