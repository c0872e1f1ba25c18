/** The one output pipeline: format decision, masking by field, every view kind in every format. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { decideFormat, output, render, renderXlsx, type View } from '../../src/io/output.js';
import { maskDeep, maskRow } from '../../src/io/mask.js';
import { FORMATS } from '../../src/io/formats.js';

const PERSON = { id: 7, name: '张三', id_number: '11010519491231002X', phone: '13800138000', level: 'high', ok: true };
const COLUMNS = [{ key: 'id' }, { key: 'name' }, { key: 'id_number' }, { key: 'level', enumField: 'level' }];

describe('the format is decided once', () => {
  it.each([
    [undefined, true, undefined, 'table'],
    [undefined, false, undefined, 'json'],
    ['csv', true, undefined, 'csv'],
    [undefined, true, 'r.csv', 'csv'],
    [undefined, true, 'R.MD', 'markdown'],
    [undefined, true, 'r.json', 'json'],
    [undefined, true, 'report', 'json'],
    ['markdown', false, 'r.json', 'markdown'],
    [undefined, true, '日报.html', 'html'],
    [undefined, false, 'r.HTM', 'html'],
  ] as const)('--format %s, terminal %s, --out %s → %s', (given, tty, out, expected) => {
    expect(decideFormat(given, tty, out)).toBe(expected);
  });
});

describe('personal data is masked by field, anywhere in a result', () => {
  it('masks ID numbers and phones at any depth, and nothing else', () => {
    const masked = maskDeep({ person: PERSON, list: [PERSON], n: 3, note: '11010519491231002X stays: not a personal field' });
    expect(masked.person.id_number).toBe('110105********002X');
    expect(masked.person.phone).toBe('138****8000');
    expect(masked.list[0].id_number).toBe('110105********002X');
    expect(masked.person.name).toBe('张三');
    expect(masked.note).toContain('11010519491231002X');
    expect(masked.n).toBe(3);
    expect(PERSON.id_number).toBe('11010519491231002X'); // a copy, not in place
  });

  it('maskRow is the same rule on one row', () => {
    expect(maskRow(PERSON)).toEqual(maskDeep(PERSON));
  });

  it('does not mask a key inherited from Object.prototype', () => {
    expect(maskDeep({ constructor: 'x', toString: 'y' })).toEqual({ constructor: 'x', toString: 'y' });
  });
});

describe('every view renders in every format', () => {
  const views: View[] = [
    { kind: 'list', rows: [PERSON], columns: COLUMNS, screen: COLUMNS.slice(0, 2) },
    { kind: 'record', record: PERSON, columns: COLUMNS },
    { kind: 'done', data: { released: 1, date: '2022-11-22' }, text: 'released 1' },
    { kind: 'document', data: { title: 'T', rows: [PERSON] }, blocks: [{ title: 'T' }, { text: 'zero', tone: 'good' }, { list: [PERSON], columns: COLUMNS }] },
  ];
  for (const v of views) {
    // xlsx is bytes, not text: renderXlsx
    for (const f of FORMATS.filter((x) => x !== 'xlsx')) {
      it(`${v.kind} as ${f}`, async () => {
        const text = await render(v, f, 'zh', false);
        expect(text.endsWith('\n')).toBe(true);
        if (f === 'json') expect(() => JSON.parse(text)).not.toThrow();
        if (f === 'csv') expect(text.split('\n')[0].length).toBeGreaterThan(0);
        if (f === 'table' && v.kind === 'done') expect(text).toBe('released 1\n');
      });
    }
  }

  for (const v of views) {
    it(`${v.kind} as xlsx`, async () => {
      const bytes = await renderXlsx(v, 'zh');
      expect(bytes.subarray(0, 4).toString('latin1')).toBe('PK\u0003\u0004');
    });
  }

  it('a list shows its screen columns in a table and all columns in JSON and CSV', async () => {
    const v = views[0];
    expect(await render(v, 'table', 'en', false)).not.toContain('ID number');
    expect(JSON.parse(await render(v, 'json', 'en', false))).toEqual([{ id: 7, name: '张三', id_number: '11010519491231002X', level: 'high' }]);
    expect(await render(v, 'csv', 'en', false)).toBe('id,name,id_number,level\n7,张三,11010519491231002X,high\n');
  });

  it('enum values are translated on screen and stay keys for programs', async () => {
    expect(await render(views[1], 'table', 'zh', false)).toContain('高风险');
    expect(await render(views[1], 'csv', 'zh', false)).toContain('high');
  });

  it('a done view is its data for programs', async () => {
    expect(JSON.parse(await render(views[2], 'json', 'en', false))).toEqual({ released: 1, date: '2022-11-22' });
    expect(await render(views[2], 'csv', 'en', false)).toBe('released,date\n1,2022-11-22\n');
  });

  it('a document in Markdown: headings, bold lines and tables separated by blank lines', async () => {
    expect(await render(views[3], 'markdown', 'en', false)).toBe(
      '# T\n\n**zero**\n\n| ID | Name | ID number | Level |\n|---|---|---|---|\n| 7 | 张三 | 11010519491231002X | high |\n',
    );
  });

  it('a CSV cell that Excel would run as a formula is neutralised', async () => {
    const text = await render({ kind: 'list', rows: [{ id: 1, name: '=cmd|x' }], columns: [{ key: 'id' }, { key: 'name' }] }, 'csv', 'en', false);
    expect(text).toContain("'=cmd|x");
  });
});

describe('output', () => {
  function sink(tty: boolean) {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    let out = '';
    let err = '';
    stdout.on('data', (c) => (out += c));
    stderr.on('data', (c) => (err += c));
    return { s: { stdout, stderr, stdoutIsTTY: tty }, out: () => out, err: () => err };
  }

  it('notes go to stderr, the data to stdout; a tally only under a table', async () => {
    const view: View = { kind: 'list', rows: [PERSON], columns: COLUMNS, before: ['first'], after: ['last'], tally: '1 row' };
    const piped = sink(false);
    await output(view, piped.s, { lang: 'en', color: false }, (f) => `wrote ${f}`);
    expect(JSON.parse(piped.out())).toHaveLength(1);
    expect(piped.err()).toBe('first\nlast\n');
    const tty = sink(true);
    await output(view, tty.s, { lang: 'en', color: false }, (f) => `wrote ${f}`);
    expect(tty.err()).toBe('first\n1 row\nlast\n');
  });

  it('a whenData line goes to stderr only when the output is data, not the blocks people read', async () => {
    const view: View = { kind: 'document', data: { a: 1 }, blocks: [{ text: 'STOP' }], whenData: ['STOP'] };
    const piped = sink(false);
    await output(view, piped.s, { lang: 'en', color: false }, (f) => f);
    expect([piped.out(), piped.err()]).toEqual(['{\n  "a": 1\n}\n', 'STOP\n']);
    const tty = sink(true);
    await output(view, tty.s, { lang: 'en', color: false }, (f) => f);
    expect([tty.out(), tty.err()]).toEqual(['STOP\n', '']);
  });

  it('a screen block (a chart) is drawn on a terminal only', async () => {
    const view: View = { kind: 'document', data: {}, blocks: [{ text: 'rows' }, { text: 'CHART', screen: true }] };
    const tty = sink(true);
    await output(view, tty.s, { lang: 'en', color: false }, (f) => f);
    expect(tty.out()).toBe('rows\nCHART\n');
    const piped = sink(false);
    await output(view, piped.s, { format: 'table', lang: 'en', color: false }, (f) => f);
    expect(piped.out()).toBe('rows\n');
  });

  it('written() is handed the exact text once it is written, to stdout or to --out, and its lines go to stderr', async () => {
    const seen: Array<{ text: string; format: string; file?: string }> = [];
    const view: View = { kind: 'document', data: { a: 1 }, blocks: [{ title: 'T' }, { text: 'only on paper', html: true }], written: async (w) => (seen.push(w), [`kept ${w.format}`]) };
    const piped = sink(false);
    await output(view, piped.s, { lang: 'en', color: false }, (f) => `wrote ${f}`);
    expect(seen).toEqual([{ text: piped.out(), format: 'json', file: undefined }]);
    expect(piped.err()).toBe('kept json\n');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fk-')), 'r.html');
    const k = sink(false);
    await output(view, k.s, { lang: 'en', color: false, out: file }, (f) => `wrote ${f}`);
    expect(seen[1]).toEqual({ text: fs.readFileSync(file, 'utf8'), format: 'html', file });
    expect(seen[1].text).toContain('<p class="meta">only on paper</p>');
    expect(k.err()).toBe(`wrote ${file}\nkept html\n`);
    // a line for paper only is not on screen or in Markdown
    const tty = sink(true);
    await output({ ...view, written: undefined }, tty.s, { lang: 'en', color: false }, (f) => f);
    expect(tty.out()).toBe('T\n');
  });

  it('a nothing view writes only its notes', async () => {
    const k = sink(false);
    await output({ kind: 'nothing', after: ['exported 3'] }, k.s, { lang: 'en', color: false }, (f) => f);
    expect(k.out()).toBe('');
    expect(k.err()).toBe('exported 3\n');
  });
});
