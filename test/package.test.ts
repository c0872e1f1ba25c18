/**
 * The package as a user gets it: `npm pack`, then installed into a fresh prefix and run from there
 * (not from the clone). Slow (npm builds better-sqlite3 for the prefix), so it runs once, in its own file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tmpDir } from './helpers.js';

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

describe('the package', () => {
  it('ships the program, its data and docs, and no tests, sources or benchmarks', () => {
    const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
    const files = (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
    expect(files).toEqual(expect.arrayContaining(['bin/fangkong', 'dist/cli/main.js', 'data/policies.json', 'data/rules.json', 'LICENSE', 'README.md', 'package.json']));
    for (const f of files) expect(f, f).not.toMatch(/^(test|bench|src|scripts|\.ci)\/|\.test\.|\.ts$/);
  });

  it('installs from its tarball into a fresh prefix, and runs there', { timeout: 600_000 }, () => {
    const dir = tmpDir();
    // dist/ is what `npm test` has just built; prepack (which rebuilds it) is not run, so that the
    // other test files, running meanwhile, keep their dist/
    execFileSync(npm, ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: ROOT, stdio: 'ignore' });
    const tgz = fs.readdirSync(dir).find((f) => f.endsWith('.tgz'))!;
    const prefix = path.join(dir, 'prefix');
    execFileSync(npm, ['install', '--global', '--prefix', prefix, '--no-audit', '--no-fund', '--allow-scripts=fangkong,better-sqlite3', path.join(dir, tgz)], { cwd: dir, stdio: 'ignore' });
    const bin = path.join(prefix, 'bin', 'fangkong');
    const env = { PATH: `${path.join(prefix, 'bin')}:${process.env.PATH}`, HOME: dir, LANG: 'C' };
    const run = (args: string[]) => spawnSync('fangkong', args, { cwd: dir, env, encoding: 'utf8' });
    expect(fs.existsSync(bin)).toBe(true);
    // package.json's "man": npm links the page where man finds it
    expect(fs.existsSync(path.join(prefix, 'share', 'man', 'man1', 'fangkong.1'))).toBe(true);
    const version = run(['--version']);
    expect(version.stdout).toBe(`${JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version}\n`);
    expect(run(['--db', 'county.db', 'init']).status).toBe(0);
    const add = run(['--db', 'county.db', 'arrival', 'add', '--name', '张三', '--id-number', '11010519491231002X', '--phone', '13800138000', '--origin', '广东省深圳市南山区', '--arrival-date', '2022-11-20', '--transport', 'train', '--destination', '城关镇幸福路8号']);
    expect(add.status, add.stderr).toBe(0);
    const report = run(['--db', 'county.db', 'report', 'daily', '--date', '2022-11-20']);
    expect(report.status, report.stderr).toBe(0);
    expect(JSON.parse(report.stdout).arrivals.new).toBe(1);
    // the demo reads data/ from the installed package, not from the clone
    expect(run(['--db', 'demo.db', 'demo']).status).toBe(0);
  });
});
