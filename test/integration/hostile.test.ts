/**
 * The hostile corpus (test/hostile-corpus.ts) against every importer, the command-line options and
 * every output format: refused values never get in and are never echoed raw; formula cells are
 * neutralised in every CSV; values stored before the policy existed are drawn harmlessly.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { beforeAll, describe, expect, it } from 'vitest';
import { fieldLabel } from '../../src/domain/i18n.js';
import { addArgs, everyRow, makeId, query, runMain, runSql, tmpDir, initDb, VALID } from '../helpers.js';
import { BAD_YEARS, FORMULAS, LINE_BREAKS, NOTE_LINE_BREAKS, OVERLONG, RAW_HIDDEN, REFUSED, TABS } from '../hostile-corpus.js';

const TODAY = ['--today', '2022-11-30'];

interface Importer {
  verb: string[];
  table: string;
  header: string[];
  /** A valid row; `i` makes its natural key unique. */
  row: (i: number) => Record<string, string>;
  text: string[];
  notes: string[];
  dates: string[];
}

const IMPORTERS: Record<string, Importer> = {
  arrivals: {
    verb: ['arrival', 'import'],
    table: 'arrivals',
    header: ['name', 'id_number', 'phone', 'origin', 'arrival_date', 'transport', 'destination', 'township', 'vehicle', 'note', 'contact_type', 'exposure_date'],
    row: (i) => ({ name: '张三', id_number: makeId('440305', '19800101', String(100 + i)), phone: '13800138000', origin: '广东省', arrival_date: '2022-11-20', transport: 'train', destination: '城关镇', township: '城关镇', vehicle: 'G1', note: '', contact_type: 'close', exposure_date: '2022-11-19' }),
    text: ['name', 'origin', 'destination', 'township', 'vehicle', 'id_number', 'phone'],
    notes: ['note'],
    dates: ['arrival_date', 'exposure_date'],
  },
  inspections: {
    verb: ['inspect', 'import'],
    table: 'inspections',
    header: ['checkpoint', 'time', 'id_number', 'name', 'vehicle', 'code', 'origin', 'test_time', 'test_result'],
    row: (i) => ({ checkpoint: '卡点', time: `2022-11-20 ${String(8 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}`, id_number: VALID.id, name: '张三', vehicle: '京A12345', code: 'green', origin: '广东省', test_time: '2022-11-19 08:00', test_result: 'negative' }),
    text: ['checkpoint', 'name', 'vehicle', 'origin'],
    notes: [],
    dates: ['time', 'test_time'],
  },
  tests: {
    verb: ['test', 'import'],
    table: 'test_results',
    header: ['id_number', 'date', 'result', 'lab', 'name', 'sample_time'],
    row: (i) => ({ id_number: VALID.id, date: '2022-11-21', result: 'negative', lab: '县疾控中心', name: '张三', sample_time: `2022-11-21 ${String(Math.floor(i / 60) % 24).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}` }),
    text: ['lab', 'name'],
    notes: [],
    dates: ['date', 'sample_time'],
  },
  areas: {
    verb: ['area', 'import'],
    table: 'risk_areas',
    header: ['region', 'level', 'from', 'to'],
    row: (i) => ({ region: `广东省某区${i}`, level: 'high', from: '2022-11-01', to: '' }),
    text: ['region'],
    notes: [],
    dates: ['from', 'to'],
  },
};

let dir: string;
let db: string;

beforeAll(async () => {
  dir = tmpDir();
  db = initDb(path.join(dir, 'h.db'));
  expect((await runMain(['--db', db, 'checkpoint', 'add', '卡点', '--kind', 'road'])).code).toBe(0);
  // test results are refused for a person with no arrival
  expect((await runMain(['--db', db, ...TODAY, ...addArgs()])).code).toBe(0);
});

/** Every text value stored anywhere in the database. */
const everything = everyRow;

let serial = 0;

/** Imports a file of one control row and a row per value in `column`, with --skip-invalid. */
async function importValues(kind: string, column: string, values: string[]) {
  const imp = IMPORTERS[kind];
  const rows = [imp.row(serial++), ...values.map((v) => ({ ...imp.row(serial++), [column]: v }))];
  const file = path.join(dir, `${kind}-${column}-${values.length}-${Math.random().toString(36).slice(2)}.csv`);
  fs.writeFileSync(file, stringify([imp.header, ...rows.map((r) => imp.header.map((h) => r[h] ?? ''))]));
  const rejects = `${file}.rejects.csv`;
  const before = (query<{ n: number }>(db, `SELECT count(*) n FROM ${imp.table}`))[0].n;
  const r = await runMain(['--db', db, ...TODAY, ...imp.verb, file, '--skip-invalid', '--rejects', rejects]);
  const after = (query<{ n: number }>(db, `SELECT count(*) n FROM ${imp.table}`))[0].n;
  return { ...r, added: after - before, rejects: fs.existsSync(rejects) ? fs.readFileSync(rejects, 'utf8') : '' };
}

/** Counts, for docs/data-safety.md: how many hostile imports and option values were run. */
const counted = { importCells: 0, optionValues: 0, outputs: 0 };

describe('every importer refuses every hostile value, naming the field, and echoes none of it raw', () => {
  for (const [kind, imp] of Object.entries(IMPORTERS)) {
    for (const column of [...imp.text, ...imp.notes, ...imp.dates]) {
      const isNote = imp.notes.includes(column);
      const isDate = imp.dates.includes(column);
      const refused = isDate
        ? BAD_YEARS.map(([, v]) => v)
        : [
            ...REFUSED.map(([, v]) => v),
            ...OVERLONG.filter(([, , inNote]) => !isNote || inNote).map(([, v]) => v),
            ...(isNote ? LINE_BREAKS.filter(([n]) => n !== 'LF') : [...LINE_BREAKS, ...TABS]).map(([, v]) => v),
          ];
      it(`${kind}: ${column} (${refused.length} values)`, async () => {
        counted.importCells += refused.length;
        const r = await importValues(kind, column, refused);
        expect(r.code, r.stderr).toBe(3);
        expect(r.added).toBe(1);
        const label = fieldLabel(column === 'time' && kind === 'inspections' ? 'time' : column, 'en');
        const lines = r.stderr.split('\n').filter((l) => /^row \d+ /.test(l));
        expect(lines).toHaveLength(refused.length);
        for (const l of lines) expect(l.startsWith(`row `) && l.includes(label)).toBe(true);
        expect(r.stderr).not.toMatch(RAW_HIDDEN);
        expect(r.rejects.replace(/^\uFEFF/, '')).not.toMatch(RAW_HIDDEN);
        expect(r.rejects.split('\n').length).toBeGreaterThan(refused.length);
        expect(everything(db)).not.toMatch(RAW_HIDDEN);
      });
    }
    if (imp.notes.length) {
      it(`${kind}: a note keeps its line breaks and tabs (a spreadsheet cell of several lines)`, async () => {
        const ok = [...NOTE_LINE_BREAKS, ...TABS].map(([, v]) => v);
        const r = await importValues(kind, imp.notes[0], ok);
        expect(r.code, r.stderr).toBe(0);
        expect(r.added).toBe(ok.length + 1);
      });
    }
  }

  it('a header holding an escape sequence is refused before any row is read', async () => {
    const file = path.join(dir, 'header.csv');
    fs.writeFileSync(file, 'name,id_number,phone,origin,arrival_date,transport,destination,\u001b]0;x\u0007\n');
    const r = await runMain(['--db', db, ...TODAY, 'arrival', 'import', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: file: contains an invisible or control character (U+001B): remove it and try again\n');
  });
});

describe('every command-line value passes the same policy: one line, exit 2, nothing written', () => {
  const CASES: Array<[string, (v: string) => string[]]> = [
    ['arrival add --name', (v) => addArgs({ '--name': v })],
    ['arrival add --origin', (v) => addArgs({ '--origin': v })],
    ['arrival add --destination', (v) => addArgs({ '--destination': v })],
    ['arrival add --vehicle', (v) => [...addArgs(), '--vehicle', v]],
    ['arrival add --township', (v) => [...addArgs(), '--township', v]],
    ['arrival add --note', (v) => [...addArgs(), '--note', v]],
    ['--actor', (v) => ['--actor', v, ...addArgs()]],
    ['test record --lab', (v) => ['test', 'record', VALID.id, '--date', '2022-11-21', '--result', 'negative', '--lab', v]],
    ['checkpoint add <name>', (v) => ['checkpoint', 'add', v, '--kind', 'road']],
    ['checkpoint add --location', (v) => ['checkpoint', 'add', '卡点二', '--kind', 'road', '--location', v]],
    ['site add <name>', (v) => ['site', 'add', v, '--capacity', '10']],
    ['site add --address', (v) => ['site', 'add', '隔离点', '--capacity', '10', '--address', v]],
    ['site add --head', (v) => ['site', 'add', '隔离点', '--capacity', '10', '--head', v]],
    ['config set unit', (v) => ['config', 'set', 'unit', v]],
    ['area set <region>', (v) => ['area', 'set', v, '--level', 'high']],
    ['inspect log --name', (v) => ['inspect', 'log', '--checkpoint', '卡点', '--id-number', VALID.id, '--code', 'green', '--name', v]],
    ['quarantine release --reason', (v) => ['quarantine', 'release', '1', '--reason', v]],
  ];
  const values = [...REFUSED.map(([, v]) => v), ...LINE_BREAKS.map(([, v]) => v), 'x'.repeat(100_000), '\ud800'];

  for (const [name, argv] of CASES) {
    it(`${name} (${values.length} values)`, async () => {
      const audit = query(db, 'SELECT count(*) n FROM audit_log');
      for (const v of values) {
        counted.optionValues++;
        const r = await runMain(['--db', db, ...TODAY, ...argv(v)]);
        expect(r.code, `${JSON.stringify(v.slice(0, 20))}: ${r.stderr}`).toBe(2);
        expect(r.stderr.split('\n')).toHaveLength(2);
        expect(r.stderr).toMatch(/^error: .*(invisible or control character \(U\+[0-9A-F]{4}\)|too long)/);
        expect(r.stderr).not.toMatch(RAW_HIDDEN);
        expect(r.stdout).toBe('');
      }
      expect(query(db, 'SELECT count(*) n FROM audit_log')).toEqual(audit);
    });
  }

  it('dates no one means: --today, --arrival-date, test record --date, purge --before', async () => {
    for (const [, v] of BAD_YEARS) {
      for (const argv of [['--today', v, 'arrival', 'list'], [...addArgs({ '--arrival-date': v })], ['test', 'record', VALID.id, '--date', v, '--result', 'negative'], ['arrival', 'purge', '--before', v]]) {
        counted.optionValues++;
        const r = await runMain(['--db', db, ...(argv[0] === '--today' ? [] : TODAY), ...argv]);
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/is not between the years 1900 and 2099\n$/);
      }
    }
  });

  it('an arrival before the birth date of its ID number is refused', async () => {
    const r = await runMain(['--db', db, ...TODAY, ...addArgs({ '--arrival-date': '1949-12-30' })]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('error: Arrival date: 1949-12-30 is before the birth date of the ID number (1949-12-31)\n');
  });
});

describe('every output format', () => {
  it('formula cells from any source are neutralised in every CSV: list, export, inspections, report, merge', async () => {
    const d = tmpDir();
    const file = initDb(path.join(d, 'f.db'));
    const rows = FORMULAS.map((f, i) => ['张三', makeId('440305', '19800101', String(200 + i)), '13800138000', f, '2022-11-20', 'train', f, f, f]);
    const csv = path.join(d, 'f.csv');
    fs.writeFileSync(csv, stringify([['name', 'id_number', 'phone', 'origin', 'arrival_date', 'transport', 'destination', 'township', 'note'], ...rows]));
    const imp = await runMain(['--db', file, ...TODAY, 'arrival', 'import', csv]);
    expect(imp.code, imp.stderr).toBe(0);
    expect((await runMain(['--db', file, 'config', 'set', 'unit', FORMULAS[0]])).code).toBe(0);
    expect((await runMain(['--db', file, 'checkpoint', 'add', FORMULAS[4], '--kind', 'road'])).code).toBe(0);
    expect((await runMain(['--db', file, ...TODAY, 'inspect', 'log', '--checkpoint', FORMULAS[4], '--vehicle', FORMULAS[1], '--code', 'green', '--time', '2022-11-20 10:00', '--origin', FORMULAS[3]])).code).toBe(0);
    const outputs = {
      'arrival list --format csv': await runMain(['--db', file, 'arrival', 'list', '--format', 'csv']),
      'arrival export': await runMain(['--db', file, 'arrival', 'export']),
      'inspect export': await runMain(['--db', file, 'inspect', 'export', '--date', '2022-11-20']),
      'report daily --format csv': await runMain(['--db', file, 'report', 'daily', '--date', '2022-11-20', '--format', 'csv']),
    };
    const a = path.join(d, 'a.json');
    const b = path.join(d, 'b.json');
    fs.writeFileSync(a, (await runMain(['--db', file, 'report', 'daily', '--date', '2022-11-20', '--format', 'json'])).stdout);
    const other = JSON.parse(fs.readFileSync(a, 'utf8'));
    fs.writeFileSync(b, JSON.stringify({ ...other, unit: FORMULAS[4] }));
    Object.assign(outputs, { 'report merge --format csv': await runMain(['report', 'merge', a, b, '--unit', FORMULAS[2], '--format', 'csv']) });
    for (const [name, r] of Object.entries(outputs)) {
      counted.outputs++;
      expect(r.code, `${name}: ${r.stderr}`).toBe(0);
      const cells = r.stdout.replace(/^\uFEFF/, '').split(/[\n,]/).map((c) => c.replace(/^"|"$/g, ''));
      const live = cells.filter((c) => /^[=+\-@|\t\r]/.test(c) && !/^-?\d+(\.\d+)?$/.test(c));
      expect(live, name).toEqual([]);
      expect(cells.some((c) => /^'[=+\-@|]/.test(c)), name).toBe(true);
    }
    // JSON carries the values as they are (for programs); table and Markdown draw them as text
    const json = JSON.parse((await runMain(['--db', file, 'arrival', 'list', '--format', 'json'])).stdout);
    expect(json.map((r: { origin: string }) => r.origin)).toEqual(FORMULAS);
  });

  it('values stored before the policy existed are drawn harmlessly in table and Markdown; JSON escapes control characters', async () => {
    const d = tmpDir();
    const file = initDb(path.join(d, 'legacy.db'));
    expect((await runMain(['--db', file, ...TODAY, ...addArgs()])).code).toBe(0);
    runSql(file, 'UPDATE arrivals SET name = ?, destination = ?, note = ?', '\u001b]0;pwned\u0007张三', '城关镇\u202e号8路', '\u001b[2J清屏');
    for (const format of ['table', 'markdown']) {
      for (const argv of [['arrival', 'list'], ['arrival', 'show', '1']]) {
        counted.outputs++;
        const r = await runMain(['--db', file, '--no-color', ...argv, '--format', format], { tty: true });
        expect(r.code, r.stderr).toBe(0);
        expect(r.stdout, `${argv.join(' ')} ${format}`).not.toMatch(RAW_HIDDEN);
        expect(r.stdout).toContain('\uFFFD');
      }
    }
    counted.outputs++;
    const j = await runMain(['--db', file, 'arrival', 'list', '--format', 'json']);
    expect(j.stdout).not.toMatch(/\u001b/);
    expect(j.stdout).toContain('\\u001b]0;pwned');
  });

  it('the counts of this corpus (kept in docs/data-safety.md)', () => {
    // printed for the page; asserted so that a change to the corpus shows up here
    expect(counted.importCells).toBeGreaterThan(400);
    expect(counted.optionValues).toBeGreaterThan(400);
    expect(counted.outputs).toBe(10);
    console.log(`hostile corpus: ${counted.importCells} imported cells, ${counted.optionValues} option values, ${counted.outputs} outputs`);
  });
});
