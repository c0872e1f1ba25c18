/**
 * Progress bars (issue 16), one helper (io/progress.ts) over cli-progress: on a terminal's stderr
 * (a pseudo-terminal made by script(1)) for a long import (arrivals and inspections: every kind
 * goes through cli/imports.ts), an export of 10,000 rows or more, and a reassessment of 500
 * measures or more — labelled in Chinese with --lang zh — and never when piped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error the benchmark's generator is plain JavaScript
import { writeArrivals, writeInspections } from '../../bench/generate.mjs';
import { runBin, tmpDir, execSql, sqlPad } from '../helpers.js';
import { onTerminal } from '../pty.js';

let dir: string;
let arrivalsCsv: string;
let inspectionsCsv: string;

/** A bar as cli-progress draws it: the label, then [, the bar, a percentage. */
const bar = (label: string) => new RegExp(`${label} \\[[█░]+\\] \\d+%`);

function freshDb(name: string): string {
  const db = path.join(dir, name);
  expect(runBin(['--db', db, 'init']).code).toBe(0);
  return db;
}

/** n arrivals straight in SQL (close contacts, for the reassessment). */
function fill(db: string, n: number): void {
  execSql(
    db,
    `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ${n})
     INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, township, contact_type, exposure_date, created_at, created_by)
     SELECT '110101' || ${sqlPad('i', 12)}, 'P' || i, '13800138000', 'Shenzhen', '2022-11-10', 'train', 'Road ' || i, 'T', 'close', '2022-11-09', '2022-11-10T10:00:00', 'tester' FROM n`,
  );
}

beforeAll(() => {
  dir = tmpDir();
  arrivalsCsv = path.join(dir, 'arrivals.csv');
  inspectionsCsv = path.join(dir, 'inspections.csv');
  // past the 1 MB at which an import gets a bar
  writeArrivals(arrivalsCsv, 12_000);
  writeInspections(inspectionsCsv, 15_000);
  expect(fs.statSync(arrivalsCsv).size).toBeGreaterThan(1024 * 1024);
  expect(fs.statSync(inspectionsCsv).size).toBeGreaterThan(1024 * 1024);
}, 60_000);

describe('a long import', () => {
  it('of arrivals: a bar on the terminal, 导入 with --lang zh, importing in English', () => {
    const zh = onTerminal(['--lang', 'zh', '--db', freshDb('a-zh.db'), '--today', '2022-12-01', 'arrival', 'import', arrivalsCsv], {}, { home: dir });
    expect(zh.code).toBe(0);
    expect(zh.screen).toMatch(bar('导入'));
    expect(zh.screen).toMatch(/剩余 /);
    const en = onTerminal(['--lang', 'en', '--db', freshDb('a-en.db'), '--today', '2022-12-01', 'arrival', 'import', arrivalsCsv], {}, { home: dir });
    expect(en.code).toBe(0);
    expect(en.screen).toMatch(bar('importing'));
  }, 120_000);

  it('of inspections: the same bar', () => {
    const db = freshDb('i.db');
    const r = onTerminal(['--lang', 'zh', '--db', db, '--today', '2022-12-01', 'inspect', 'import', inspectionsCsv, '--skip-invalid'], {}, { home: dir });
    expect([0, 3]).toContain(r.code);
    expect(r.screen).toMatch(bar('导入'));
  }, 120_000);

  it('piped: no bar, only the summary', () => {
    const r = runBin(['--lang', 'zh', '--db', freshDb('a-pipe.db'), '--today', '2022-12-01', 'arrival', 'import', arrivalsCsv]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/导入 \[/);
    expect(r.stderr + r.stdout).not.toContain('\x1b[?25l');
  }, 120_000);
});

describe('an export of 10,000 rows or more', () => {
  let db: string;
  beforeAll(() => {
    db = freshDb('e.db');
    fill(db, 12_000);
  });

  it('on a terminal: 导出 on stderr, the file whole', () => {
    const out = path.join(dir, 'out.csv');
    const r = onTerminal(['--lang', 'zh', '--db', db, 'arrival', 'export', '--out', out], {}, { home: dir });
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(bar('导出'));
    expect(r.screen).toContain('12000/12000');
    expect(fs.readFileSync(out, 'utf8').trimEnd().split('\n')).toHaveLength(12_001);
  });

  it('English: exporting', () => {
    const r = onTerminal(['--lang', 'en', '--db', db, 'arrival', 'export', '--out', path.join(dir, 'out-en.csv')], {}, { home: dir });
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(bar('exporting'));
  });

  it('piped: none', () => {
    const r = runBin(['--lang', 'zh', '--db', db, 'arrival', 'export', '--out', path.join(dir, 'out-pipe.csv')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(`已导出 12000 条到 ${path.join(dir, 'out-pipe.csv')}\n`);
  });

  it('to the terminal itself (no --out): no bar among the CSV lines', () => {
    const r = onTerminal(['--lang', 'zh', '--db', db, 'arrival', 'export'], {}, { home: dir });
    expect(r.code).toBe(0);
    expect(r.screen).not.toMatch(/导出 \[/);
    expect(r.screen).toContain('P12000');
  });

  it('a small export on a terminal: none', () => {
    const r = onTerminal(['--lang', 'zh', '--db', db, 'arrival', 'export', '--out', path.join(dir, 'small.csv'), '--township', 'nowhere'], {}, { home: dir });
    expect(r.code).toBe(0);
    expect(r.screen).not.toMatch(/导出 \[/);
  });
});

describe('quarantine reassess of 500 measures or more', () => {
  let db: string;
  beforeAll(() => {
    db = freshDb('q.db');
    fill(db, 600);
    expect(runBin(['--db', db, '--today', '2022-11-10', 'quarantine', 'assign', '--pending', '--out', path.join(dir, 'assigned.json')]).code).toBe(0);
  });

  it('piped: none', () => {
    const r = runBin(['--lang', 'zh', '--db', db, '--today', '2022-11-11', 'quarantine', 'reassess', '--from-policy', 'close-contact-7+3', '--to-policy', 'close-contact-5+3', '--dry-run', '--format', 'json', '--out', path.join(dir, 'dry.json')]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/重新评估 \[/);
  });

  it('on a terminal: 重新评估, then the changes', () => {
    const r = onTerminal(['--lang', 'zh', '--db', db, '--today', '2022-11-11', 'quarantine', 'reassess', '--from-policy', 'close-contact-7+3', '--to-policy', 'close-contact-5+3', '--yes', '--no-pager'], {}, { home: dir });
    expect(r.code).toBe(0);
    expect(r.screen).toMatch(bar('重新评估'));
    expect(r.screen).toContain('600/600');
  });
});
