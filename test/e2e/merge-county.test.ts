/**
 * report merge by county code (issue 25, point 5): a unit is its GB/T 2260 code where it has one,
 * so two counties named 鼓楼区 merge as two; a city's merged report merged again with one of its
 * own counties is refused (it would count that county twice); the same county twice is refused.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { addArgs, initDb, runBin, tmpDir } from '../helpers.js';

const TODAY = ['--today', '2022-11-21'];

/** A county's database with its code set and one arrival today; its daily report as JSON in dir/file. */
function county(dir: string, code: string, unit: string, file: string): string {
  const db = initDb(path.join(dir, `${code}.db`));
  expect(runBin(['--db', db, 'config', 'set', 'county', code]).code).toBe(0);
  expect(runBin(['--db', db, ...TODAY, ...addArgs({ '--arrival-date': '2022-11-21' })]).code).toBe(0);
  const r = runBin(['--db', db, ...TODAY, '--format', 'json', 'report', 'daily', '--unit', unit]);
  expect(r.code, r.stderr).toBe(0);
  const out = path.join(dir, file);
  fs.writeFileSync(out, r.stdout);
  return out;
}

function merge(dir: string, files: string[], unit: string): { code: number; stdout: string; stderr: string } {
  return runBin(['--lang', 'zh', '--format', 'json', 'report', 'merge', ...files, '--unit', unit], { cwd: dir });
}

describe('report merge by county code', () => {
  it("a county's report carries its code; one without a code says null", () => {
    const dir = tmpDir();
    const file = county(dir, '350102', '鼓楼区', 'fz.json');
    expect((JSON.parse(fs.readFileSync(file, 'utf8')) as { county: string }).county).toBe('350102');
    const db = initDb(path.join(dir, 'none.db'));
    const r = runBin(['--db', db, ...TODAY, '--format', 'json', 'report', 'daily']);
    expect((JSON.parse(r.stdout) as { county: unknown }).county).toBeNull();
  });

  it('two counties named 鼓楼区 (南京 320106, 福州 350102) merge as two units, nothing lost', () => {
    const dir = tmpDir();
    const nj = county(dir, '320106', '鼓楼区', 'nj.json');
    const fz = county(dir, '350102', '鼓楼区', 'fz.json');
    const r = merge(dir, [nj, fz], '两个鼓楼区');
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(r.stdout) as { units: string[]; counties: string[]; county: unknown; arrivals: { new: number } };
    expect(m.units).toEqual(['鼓楼区（320106）', '鼓楼区（350102）']);
    expect(m.counties).toEqual(['320106', '350102']);
    // in two provinces: no division holds both
    expect(m.county).toBeNull();
    expect(m.arrivals.new).toBe(2);
  });

  it("a city's merged report is the city's (350100); merged again with one of its counties, refused", () => {
    const dir = tmpDir();
    const gl = county(dir, '350102', '鼓楼区', 'gl.json');
    const tj = county(dir, '350103', '台江区', 'tj.json');
    const city = merge(dir, [gl, tj], '福州市');
    expect(city.code, city.stderr).toBe(0);
    const m = JSON.parse(city.stdout) as { county: string; counties: string[]; arrivals: { new: number } };
    expect(m.county).toBe('350100');
    expect(m.counties).toEqual(['350102', '350103']);
    expect(m.arrivals.new).toBe(2);
    const cityFile = path.join(dir, 'city.json');
    fs.writeFileSync(cityFile, city.stdout);
    const r = merge(dir, [cityFile, gl], '错');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe('错误：文件：鼓楼区（350102） 与 福州市（350100） 都含县 350102 的数字，合并会重复计算：只合并同一级的报告（各县，或各市）');
    // a city's report without its list of counties (cut by hand) is still known by its code
    const cut = JSON.parse(city.stdout) as Record<string, unknown>;
    delete cut.counties;
    fs.writeFileSync(cityFile, JSON.stringify(cut));
    expect(merge(dir, [gl, cityFile], '错').code).toBe(2);
  });

  it('the same county twice is refused, named with its code', () => {
    const dir = tmpDir();
    const gl = county(dir, '350102', '鼓楼区', 'gl.json');
    const again = path.join(dir, 'again.json');
    fs.copyFileSync(gl, again);
    const r = merge(dir, [gl, again], '错');
    expect(r.code).toBe(2);
    expect(r.stderr.trim()).toBe('错误：文件：鼓楼区（350102） 出现了两次');
  });
});
