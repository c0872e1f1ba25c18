/**
 * The one atomic writer (io/files.ts) and the CSV sink over it: random exclusive temporary names,
 * 0600 from creation, planted symlinks change nothing, a failure leaves nothing behind.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { StoreError } from '../../src/domain/errors.js';
import { writeCsv } from '../../src/io/csv.js';
import { openAtomic, removeTempFiles, tempFilesInProgress, writeFileAtomic } from '../../src/io/files.js';
import { tmpDir } from '../helpers.js';

describe('writeFileAtomic', () => {
  it('writes the whole file, owner-only, and leaves no temporary file', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'out.json');
    writeFileAtomic(file, '{"a":1}\n');
    expect(fs.readFileSync(file, 'utf8')).toBe('{"a":1}\n');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['out.json']);
    expect(tempFilesInProgress()).toEqual([]);
  });

  it('replaces an existing world-readable file by an owner-only one', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'out.txt');
    fs.writeFileSync(file, 'old', { mode: 0o644 });
    fs.chmodSync(file, 0o644);
    // an existing file only when the caller may replace it (--force): io/kept.ts
    expect(() => writeFileAtomic(file, 'new')).toThrow(/exists: add --force/);
    expect(fs.readFileSync(file, 'utf8')).toBe('old');
    writeFileAtomic(file, 'new', { replace: true });
    expect(fs.readFileSync(file, 'utf8')).toBe('new');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('a symlink planted at the target name is refused (not a regular file), not written through, even when replacing', () => {
    const dir = tmpDir();
    const elsewhere = path.join(dir, 'world-readable.txt');
    fs.writeFileSync(elsewhere, 'untouched', { mode: 0o644 });
    const file = path.join(dir, 'reveal.csv');
    fs.symlinkSync(elsewhere, file);
    expect(() => writeFileAtomic(file, '110105194912310021\n', { replace: true })).toThrow(/not a regular file \(a symbolic link\)/);
    expect(fs.lstatSync(file).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(elsewhere, 'utf8')).toBe('untouched');
    expect(fs.readdirSync(dir).sort()).toEqual(['reveal.csv', 'world-readable.txt']);
  });

  it('symlinks planted at the old predictable names (.NAME.PID.tmp, for the next PIDs) change nothing', () => {
    const dir = tmpDir();
    const trap = path.join(dir, 'trap.txt');
    fs.writeFileSync(trap, '');
    for (let pid = process.pid - 5; pid < process.pid + 50; pid++) fs.symlinkSync(trap, path.join(dir, `.out.csv.${pid}.tmp`));
    writeFileAtomic(path.join(dir, 'out.csv'), 'secret');
    expect(fs.readFileSync(trap, 'utf8')).toBe('');
    expect(fs.readFileSync(path.join(dir, 'out.csv'), 'utf8')).toBe('secret');
  });

  it('temporary names carry 96 random bits, in the target folder', async () => {
    const dir = tmpDir();
    const names = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const f = openAtomic(path.join(dir, 'x.csv'));
      const [tmp] = tempFilesInProgress();
      expect(path.dirname(tmp)).toBe(dir);
      expect(path.basename(tmp)).toMatch(new RegExp(`^\\.x\\.csv\\.[0-9a-f]{24}\\.p${process.pid}\\.tmp$`));
      expect(fs.lstatSync(tmp).mode & 0o777).toBe(0o600);
      names.add(tmp);
      f.abort();
    }
    expect(names.size).toBe(20);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('a failed write is one StoreError line and leaves nothing: missing folder, target a folder', () => {
    const dir = tmpDir();
    expect(() => writeFileAtomic(path.join(dir, 'no', 'such', 'x.txt'), 'x')).toThrow(StoreError);
    expect(() => writeFileAtomic(path.join(dir, 'no', 'x.txt'), 'x')).toThrow(/^cannot write .*x\.txt: no such folder; nothing was written$/);
    fs.mkdirSync(path.join(dir, 'taken'));
    expect(() => writeFileAtomic(path.join(dir, 'taken'), 'x', { replace: true })).toThrow(/taken exists and is not a regular file \(a folder\).*nothing was written/);
    expect(fs.readdirSync(dir)).toEqual(['taken']);
    expect(fs.readdirSync(path.join(dir, 'taken'))).toEqual([]);
  });

  it('a file that appears under the name while it is written is not replaced (without --force): the target checked again at the rename', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'late.csv');
    const f = openAtomic(file);
    await f.write('ours');
    fs.writeFileSync(file, 'theirs');
    await expect(f.close()).rejects.toThrow(/late\.csv exists: add --force/);
    expect(fs.readFileSync(file, 'utf8')).toBe('theirs');
    expect(fs.readdirSync(dir)).toEqual(['late.csv']);
  });

  it('removeTempFiles (what the signal handlers call) removes the files in progress', async () => {
    const dir = tmpDir();
    const f = openAtomic(path.join(dir, 'big.csv'));
    await f.write('x'.repeat(100_000));
    expect(fs.readdirSync(dir)).toHaveLength(1);
    removeTempFiles();
    expect(fs.readdirSync(dir)).toEqual([]);
    f.abort();
  });
});

describe('csvSink through the atomic writer', () => {
  it('streams a file that appears only when complete, with BOM, formulas neutralised (| too)', async () => {
    const dir = tmpDir();
    const file = path.join(dir, 'e.csv');
    const rows = [['=cmd|x', '|calc', '+1', '-2', '@a', '\tb', 'ok']];
    const n = await writeCsv({ file }, ['a', 'b', 'c', 'd', 'e', 'f', 'g'], rows, (r) => r);
    expect(n).toBe(1);
    expect(fs.readFileSync(file, 'utf8')).toBe("\uFEFFa,b,c,d,e,f,g\n'=cmd|x,'|calc,'+1,'-2,'@a,'\tb,ok\n");
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(dir)).toEqual(['e.csv']);
  });

  it('an error while the rows are produced leaves no file and no temporary file', async () => {
    const dir = tmpDir();
    function* rows() {
      for (let i = 0; i < 10_000; i++) yield [String(i), 'x'.repeat(100)];
      throw new Error('the database went away');
    }
    await expect(writeCsv({ file: path.join(dir, 'e.csv') }, ['i', 'x'], rows(), (r) => r)).rejects.toThrow('the database went away');
    expect(fs.readdirSync(dir)).toEqual([]);
  });
});
