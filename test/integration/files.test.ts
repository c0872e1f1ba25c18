import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tmpDir } from '../helpers.js';

/** Starts a process that writes a large file with `how`, and kills it while it writes. */
async function killMidWrite(target: string, how: 'atomic' | 'plain'): Promise<void> {
  const script = `
    import fs from 'node:fs';
    const { writeFileAtomic } = await import(${JSON.stringify(path.join(ROOT, 'dist/io/files.js'))});
    const text = 'x'.repeat(400 * 1024 * 1024);
    process.stdout.write('ready\\n');
    if (${JSON.stringify(how)} === 'atomic') writeFileAtomic(${JSON.stringify(target)}, text);
    else fs.writeFileSync(${JSON.stringify(target)}, text);
  `;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script]);
  const closed = new Promise((r) => child.on('close', r));
  await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
  // let the write begin, then kill it
  const started = Date.now();
  while (Date.now() - started < 3000) {
    const dir = fs.readdirSync(path.dirname(target));
    if (dir.some((f) => f.includes(path.basename(target)) && fs.statSync(path.join(path.dirname(target), f)).size > 0)) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  child.kill('SIGKILL');
  await closed;
}

describe('atomic --out', () => {
  it('a process killed in the middle of writing leaves no partial file (a plain write would)', async () => {
    const dir = tmpDir();
    const plain = path.join(dir, 'plain.txt');
    await killMidWrite(plain, 'plain');
    // the control: a plain write killed midway leaves a truncated file behind
    expect(fs.existsSync(plain) && fs.statSync(plain).size < 400 * 1024 * 1024).toBe(true);
    const atomic = path.join(dir, 'atomic.txt');
    await killMidWrite(atomic, 'atomic');
    expect(fs.existsSync(atomic)).toBe(false);
  });
});
