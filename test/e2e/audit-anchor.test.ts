/**
 * Issue 23, points 6, 7 and 9: the audit can be trusted from outside the office's machine.
 *
 * 6. The daily report carries the audit head — the last row and its hash, as the log held them
 *    when the report was made — in every format (JSON whole; CSV and the workbook as two figure
 *    rows; a table, Markdown and HTML as a footer line), and `audit verify --head` / `--report`
 *    against a report's head catches rows cut from the end, which `audit verify` and `db check`
 *    alone cannot see.
 * 7. A chain rewritten with the database's own key passes `audit verify`: the key does not
 *    protect against someone who can read the file. A report issued before catches it.
 * 9. `audit list --actor NAME` no longer lists every actor's rows: the filter is `--by NAME`,
 *    and `--actor` on a listing is refused with the right option named.
 *
 * Both backends (bin/fangkong spawned; on the postgres project every database is one of a real
 * server), in three time zones for the report.
 */
import fs from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { rowHash, type AuditRow } from '../../src/store/audit.js';
import { addArgs, auditActor, DROP_AUDIT_GUARD_ALL, execSql, initDb, query, runBin, tmpDir } from '../helpers.js';

const TZS = ['UTC', 'Asia/Shanghai', 'America/Los_Angeles'];

/** A database with a few days' work: three arrivals registered by 李干部, their measures assigned. */
function county(tz = 'Asia/Shanghai'): { db: string; dir: string; fk: (args: string[], env?: Record<string, string>) => ReturnType<typeof runBin> } {
  const dir = tmpDir();
  const db = initDb(path.join(dir, 'county.db'));
  const fk = (args: string[], env: Record<string, string> = {}) => runBin(['--db', db, '--today', '2022-11-21', ...args], { env: { FANGKONG_TZ: tz, ...env }, cwd: dir });
  for (const [i, id] of ['11010519491231002X', '110105197001013335', '440305199001011205'].entries()) {
    const r = fk(['--actor', '李干部', ...addArgs({ '--id-number': id, '--arrival-date': `2022-11-2${i}`, '--name': `张${'一二三'[i]}` })]);
    expect(r.code, r.stderr).toBe(0);
  }
  expect(fk(['assign', '--pending']).code).toBe(0);
  return { db, dir, fk };
}

/** What audit verify says: the rows and the head. */
function chain(fk: (args: string[]) => ReturnType<typeof runBin>): { rows: number; head: string; ok: boolean } {
  const v = fk(['audit', 'verify', '--format', 'json']);
  return JSON.parse(v.stdout) as { rows: number; head: string; ok: boolean };
}

const hashOf = (db: string, row: number) => query<{ hash: string }>(db, 'SELECT hash FROM audit_log WHERE id = ?', row)[0]?.hash;

/** The value of a figure row (`audit.rows`, `audit.head`) of a workbook, as exceljs reads it. */
async function xlsxFigure(file: string, metric: string): Promise<unknown> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  let value: unknown;
  wb.worksheets[0].eachRow((row) => {
    if (row.getCell(1).value === metric) value = row.getCell(3).value;
  });
  return value;
}

describe('the daily report carries the audit head (issue 23, point 6)', () => {
  for (const tz of TZS) {
    it(`in JSON: the rows and the whole hash the log held when the report was made, before the row that keeps it as issued (TZ=${tz})`, () => {
      const { db, fk } = county(tz);
      const before = chain(fk);
      expect(before.ok).toBe(true);
      expect(before.rows).toBeGreaterThanOrEqual(4);
      // printed: nothing written, the head is the log's head
      const shown = JSON.parse(fk(['report', 'daily', '--date', '2022-11-20', '--format', 'json']).stdout);
      expect(shown.audit).toEqual({ rows: before.rows, head: before.head });
      // issued with --out: the report carries the head of its moment; the issue row comes after it
      const r = fk(['report', 'daily', '--date', '2022-11-20', '--out', 'r.json'], { TZ: tz });
      expect(r.code, r.stderr).toBe(0);
      const issued = JSON.parse(fs.readFileSync(path.join(path.dirname(db), 'r.json'), 'utf8'));
      expect(issued.audit).toEqual({ rows: before.rows, head: before.head });
      expect(Object.keys(issued).at(-1)).toBe('audit');
      const after = chain(fk);
      expect(after.rows).toBe(before.rows + 1);
      expect(query<{ action: string }>(db, 'SELECT action FROM audit_log WHERE id = ?', after.rows)[0].action).toBe('report.issue');
      expect(hashOf(db, before.rows)).toBe(issued.audit.head);
    });
  }

  it('in every format: CSV and the workbook two figure rows (the whole hash), a table, Markdown and HTML a footer line (its first 16 characters)', async () => {
    const { db, dir, fk } = county();
    const base = chain(fk).rows;
    const heads: Record<string, number> = {};
    for (const f of ['csv', 'md', 'html', 'txt', 'xlsx']) {
      heads[f] = chain(fk).rows;
      const r = fk(['report', 'daily', '--date', '2022-11-21', '--out', `r.${f}`]);
      expect(r.code, r.stderr).toBe(0);
    }
    const read = (f: string) => fs.readFileSync(path.join(dir, `r.${f}`), 'utf8');
    // each report was made one issue row after the one before
    expect(Object.values(heads)).toEqual([0, 1, 2, 3, 4].map((i) => base + i));
    const csv = read('csv').split(/\r?\n/);
    expect(csv).toContain(`audit.rows,audit rows,${heads.csv}`);
    expect(csv).toContain(`audit.head,audit head,${hashOf(db, heads.csv)}`);
    for (const f of ['md', 'html', 'txt']) expect(read(f)).toContain(`audit chain: ${heads[f]} rows, head ${hashOf(db, heads[f]).slice(0, 16)}…`);
    // the footer is the last line of the report on screen (a table in a file)
    expect(read('txt').trimEnd().split('\n').at(-1)).toBe(`audit chain: ${heads.txt} rows, head ${hashOf(db, heads.txt).slice(0, 16)}…`);
    expect(await xlsxFigure(path.join(dir, 'r.xlsx'), 'audit.rows')).toBe(heads.xlsx);
    expect(await xlsxFigure(path.join(dir, 'r.xlsx'), 'audit.head')).toBe(hashOf(db, heads.xlsx));
    // every one of them is still in the chain
    const v = fk(['audit', 'verify', '--report', 'r.csv', 'r.md', 'r.html', 'r.txt', 'r.xlsx', '--format', 'json']);
    expect(v.code, v.stderr).toBe(0);
    expect(JSON.parse(v.stdout).reports.map((h: { file: string; rows: number; found: boolean }) => [h.file, h.rows, h.found])).toEqual(
      ['csv', 'md', 'html', 'txt', 'xlsx'].map((f) => [`r.${f}`, heads[f], true]),
    );
  });

  it('in Chinese on screen: one unobtrusive footer line, 审计链：N 条，末条哈希 …', () => {
    const { db, fk } = county();
    const n = chain(fk).rows;
    const r = fk(['--lang', 'zh', 'report', 'daily', '--date', '2022-11-21', '--format', 'table']);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`审计链：${n} 条，末条哈希 ${hashOf(db, n).slice(0, 16)}…`);
    expect(lines.filter((l) => l.includes('审计链'))).toHaveLength(1);
    const md = fk(['--lang', 'zh', 'report', 'daily', '--date', '2022-11-21', '--format', 'markdown']);
    expect(md.stdout).toContain(`审计链：${n} 条，末条哈希 ${hashOf(db, n).slice(0, 16)}…`);
  });

  it('a merge keeps each unit\'s head in by_unit (the total has none: no one log holds it)', () => {
    const { fk } = county();
    const n = chain(fk).rows;
    expect(fk(['report', 'daily', '--date', '2022-11-21', '--unit', '城关镇', '--out', 'a.json']).code).toBe(0);
    expect(fk(['report', 'daily', '--date', '2022-11-21', '--unit', '河口镇', '--out', 'b.json']).code).toBe(0);
    const m = fk(['report', 'merge', 'a.json', 'b.json', '--unit', '县', '--format', 'json']);
    expect(m.code, m.stderr).toBe(0);
    const merged = JSON.parse(m.stdout);
    expect(merged.audit).toBeUndefined();
    expect(merged.by_unit['城关镇'].audit).toMatchObject({ rows: n });
    expect(merged.by_unit['河口镇'].audit).toMatchObject({ rows: n + 1 });
  });
});

describe('a report kept outside anchors the log (issue 23, points 6 and 7)', () => {
  it('three rows cut from the end pass audit verify and db check; the head of a report issued before catches it (--head and --report, every format)', () => {
    const { db, fk } = county();
    const n = chain(fk).rows;
    const issued = ['r.json', 'r.csv', 'r.md'];
    for (const f of issued) expect(fk(['report', 'daily', '--date', '2022-11-21', '--out', f]).code).toBe(0);
    const report = JSON.parse(fs.readFileSync(path.join(path.dirname(db), 'r.json'), 'utf8')).audit as { rows: number; head: string };
    expect(report.rows).toBe(n);
    expect(fk(['audit', 'verify', '--report', ...issued]).code).toBe(0);
    expect(chain(fk).rows).toBe(n + 3);
    // the three issue rows cut (the report's own head is not among them): the reports made before still hold
    execSql(db, `${DROP_AUDIT_GUARD_ALL}; DELETE FROM audit_log WHERE id > ${n}`);
    expect(fk(['audit', 'verify', '--report', 'r.json']).code).toBe(0);
    // a change, one more report, a change; then three rows cut from the end, the report's head among them
    expect(fk(['--actor', '李干部', ...addArgs({ '--id-number': '110105197001013351', '--arrival-date': '2022-11-21' })]).code).toBe(0);
    expect(fk(['report', 'daily', '--date', '2022-11-21', '--out', 'last.json']).code).toBe(0);
    expect(fk(['--actor', '李干部', ...addArgs({ '--id-number': '110105197001013378', '--arrival-date': '2022-11-21' })]).code).toBe(0);
    const last = JSON.parse(fs.readFileSync(path.join(path.dirname(db), 'last.json'), 'utf8')).audit as { rows: number; head: string };
    expect(last.rows).toBe(n + 1);
    expect(chain(fk).rows).toBe(n + 3);
    // (the guard triggers are gone already)
    execSql(db, `DELETE FROM audit_log WHERE id > ${n}`);
    // the chain alone cannot tell
    expect(fk(['audit', 'verify']).code).toBe(0);
    expect(fk(['db', 'check']).code).toBe(0);
    // the head the report carries can
    const head = fk(['audit', 'verify', '--head', last.head.slice(0, 16), '--rows', String(last.rows)]);
    expect(head.code).toBe(1);
    const v = fk(['audit', 'verify', '--report', 'r.json', 'last.json']);
    expect(v.code).toBe(1);
    expect(v.stderr).toBe(`error: the audit log was tampered with: the audit head in last.json (row ${n + 1}, ${last.head.slice(0, 16)}…) is no longer in the chain: rows were rewritten or cut from the end\n`);
    const zh = fk(['--lang', 'zh', 'audit', 'verify', '--report', 'last.json']);
    expect(zh.code).toBe(1);
    expect(zh.stderr).toBe(`错误：审计日志被改动：last.json 所载的审计末条哈希（第 ${n + 1} 条，${last.head.slice(0, 16)}…）已不在链中：有记录被改写，或从末尾被截掉\n`);
    const json = JSON.parse(fk(['audit', 'verify', '--report', 'r.json', 'last.json', '--format', 'json']).stdout);
    expect(json).toMatchObject({ ok: false, rows: n, reports: [{ file: 'r.json', rows: n, found: true }, { file: 'last.json', rows: n + 1, found: false }] });
  });

  it('a chain rewritten with the database\'s own key passes audit verify and db check (the key does not protect against that); a report issued before catches it', () => {
    const { db, fk } = county();
    const n = chain(fk).rows;
    expect(fk(['report', 'daily', '--date', '2022-11-21', '--format', 'csv', '--out', 'r.csv']).code).toBe(0);
    expect(fk(['report', 'daily', '--date', '2022-11-21', '--format', 'markdown', '--record']).code).toBe(0);
    // the key read out of the database, every row rehashed with 李干部 turned into 王某
    const key = Buffer.from(query<{ value: Uint8Array }>(db, "SELECT value FROM keys WHERE name = 'audit'")[0].value);
    let prev = '';
    const rewrite: string[] = [];
    for (const r of query<AuditRow>(db, 'SELECT * FROM audit_log ORDER BY id')) {
      const row = { ...r, actor: r.actor === auditActor('李干部') ? '王某' : r.actor, prev_hash: prev };
      const hash = rowHash(row, key);
      rewrite.push(`UPDATE audit_log SET actor = '${row.actor.replace(/'/g, "''")}', prev_hash = '${prev}', hash = '${hash}' WHERE id = ${Number(r.id)};`);
      prev = hash;
    }
    execSql(db, `${DROP_AUDIT_GUARD_ALL}; ${rewrite.join(' ')}`);
    expect(query<{ actor: string }>(db, 'SELECT actor FROM audit_log WHERE id = 1')[0].actor).toBe('王某');
    expect(fk(['audit', 'verify']).code).toBe(0);
    expect(fk(['db', 'check']).code).toBe(0);
    const v = fk(['audit', 'verify', '--report', 'r.csv']);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/^error: the audit log was tampered with: the audit head in r\.csv \(row (\d+), [0-9a-f]{16}…\) is no longer in the chain/);
    expect(Number(/\(row (\d+),/.exec(v.stderr)![1])).toBe(n);
  });

  it('--report refuses a file that carries no head (exit 2, one line), and a file that is not there (exit 1)', () => {
    const { dir, fk } = county();
    fs.writeFileSync(path.join(dir, 'list.csv'), 'id,name\n1,张三\n');
    fs.writeFileSync(path.join(dir, 'old.json'), JSON.stringify({ schema_version: 2, date: '2022-11-21', unit: 'x' }));
    fs.writeFileSync(path.join(dir, 'bad.json'), JSON.stringify({ audit: { rows: 3, head: 'not-a-hash' } }));
    fs.writeFileSync(path.join(dir, 'neg.json'), JSON.stringify({ audit: { rows: -3, head: 'a'.repeat(64) } }));
    for (const f of ['list.csv', 'old.json', 'bad.json', 'neg.json']) {
      const r = fk(['audit', 'verify', '--report', f]);
      expect(r.code, f).toBe(2);
      expect(r.stderr).toBe(`error: ${f} carries no audit head: give a daily report as issued (a report made before reports carried the head has none)\n`);
    }
    const zh = fk(['--lang', 'zh', 'audit', 'verify', '--report', 'old.json']);
    expect(zh.stderr).toBe('错误：old.json 中没有审计末条哈希：请给出上报的日报文件（加入审计链信息以前的日报没有）\n');
    const none = fk(['audit', 'verify', '--report', 'no-such.json']);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('error: cannot read no-such.json: no such file\n');
  });

  it('a report made while the log was empty anchors nothing, and holds', () => {
    const dir = tmpDir();
    const db = initDb(path.join(dir, 'empty.db'));
    const fk = (args: string[]) => runBin(['--db', db, ...args], { cwd: dir });
    const r = JSON.parse(fk(['report', 'daily', '--date', '2022-11-21', '--format', 'json']).stdout);
    expect(r.audit).toEqual({ rows: 0, head: '' });
    expect(fk(['--lang', 'zh', 'report', 'daily', '--date', '2022-11-21', '--format', 'table']).stdout.trimEnd().split('\n').at(-1)).toBe('审计链：0 条，末条哈希 —');
    fs.writeFileSync(path.join(dir, 'r.json'), JSON.stringify(r));
    expect(fk(['audit', 'verify', '--report', 'r.json']).code).toBe(0);
  });
});

describe('audit list filters by who acted with --by (issue 23, point 9)', () => {
  it('--by NAME lists that actor\'s rows only; --actor NAME, the global option, is refused on a listing with --by named', () => {
    const { fk } = county();
    const all = JSON.parse(fk(['audit', 'list', '--format', 'json']).stdout) as Array<{ actor: string; action: string }>;
    expect(all).toHaveLength(chain(fk).rows);
    expect(JSON.parse(fk(['audit', 'list', '--by', 'nobody', '--format', 'json']).stdout)).toEqual([]);
    const mine = JSON.parse(fk(['audit', 'list', '--by', auditActor('李干部'), '--format', 'json']).stdout) as Array<{ actor: string; action: string }>;
    expect(mine.filter((r) => r.action === 'arrival.add')).toHaveLength(3);
    expect(mine.length).toBeLessThanOrEqual(all.length);
    expect(mine).toEqual(all.filter((r) => r.actor === auditActor('李干部')));
    for (const argv of [['audit', 'list', '--actor', 'nobody'], ['--actor', 'nobody', 'audit', 'list']]) {
      const r = fk([...argv, '--format', 'json']);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toBe("error: --actor names who is acting, it does not filter the list: to list one actor's rows, use --by NAME\n");
    }
    const zh = fk(['--lang', 'zh', 'audit', 'list', '--actor', 'nobody']);
    expect(zh.code).toBe(2);
    expect(zh.stderr).toBe('错误：--actor 是本次的操作人，不是筛选条件：只列某操作人的记录请用 --by 名字\n');
    // with --reveal the actor means something (the reveal row names them): allowed
    const reveal = fk(['--actor', '王明', 'audit', 'list', '--reveal', '--format', 'json']);
    expect(reveal.code, reveal.stderr).toBe(0);
    expect(JSON.parse(fk(['audit', 'list', '--by', auditActor('王明'), '--record', 'audit list', '--format', 'json']).stdout).map((r: { action: string }) => r.action)).toEqual(['reveal']);
  });
});
