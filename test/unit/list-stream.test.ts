/**
 * The streaming list view (issue 16): a RowStream written by io/list-stream.ts is, byte for
 * byte, what the whole-list renderers of io/render.ts write for the same rows — JSON lines, JSON,
 * CSV (BOM, quoting, formulas neutralised) and the plain table (CJK widths, fitted to a width,
 * colour) — and it is read a row at a time, twice for a table; RowStream's slice and map, and
 * maskDeep on a stream, are lazy and right.
 */
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { RowStream } from '../../src/domain/row-stream.js';
import { streamList } from '../../src/io/list-stream.js';
import { maskDeep } from '../../src/io/mask.js';
import { BIG_TABLE, renderList, type Column } from '../../src/io/render.js';

const columns: Column[] = [{ key: 'id', align: 'right' }, { key: 'name' }, { key: 'id_number' }, { key: 'transport', enumField: 'transport' }, { key: 'note' }, { key: 'tags' }];
const row = (i: number) => ({
  id: i,
  name: i % 3 === 0 ? '欧阳娜娜' : `P${i}`,
  id_number: `110101199001${String(i).padStart(6, '0')}`,
  transport: i % 2 ? 'train' : 'car',
  note: i % 7 === 0 ? `=1+1, "quoted"\nline ${i}` : i % 5 === 0 ? null : `备注${'长'.repeat(i % 40)}`,
  tags: i % 4 === 0 ? ['a', 'b'] : null,
});

/** A stream of n rows that counts how many times it was opened and how many rows were read. */
function counted(n: number): { stream: RowStream<Record<string, unknown>>; opened: () => number; read: () => number } {
  let opened = 0;
  let read = 0;
  const stream = new RowStream(n, function* () {
    opened++;
    for (let i = 1; i <= n; i++) {
      read++;
      yield row(i);
    }
  });
  return { stream, opened: () => opened, read: () => read };
}

async function streamed(stream: RowStream<object>, format: 'json' | 'jsonl' | 'csv' | 'table', o: { width?: number; color?: boolean | number; bom?: boolean } = {}): Promise<string> {
  const stdout = new PassThrough();
  const chunks: Buffer[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c));
  await streamList(stream, columns, format, { lang: 'zh', color: o.color ?? false, width: o.width, bom: o.bom ?? true }, { stdout, stderr: new PassThrough() }, { wrote: (f) => f });
  return Buffer.concat(chunks).toString('utf8');
}

const N = BIG_TABLE + 1500;
const rows = Array.from({ length: N }, (_, i) => row(i + 1));

describe('a stream is written as the whole list is rendered', () => {
  for (const format of ['jsonl', 'json', 'csv'] as const) {
    it(`${format}: the same bytes`, async () => {
      const whole = await renderList(rows, columns, { format, lang: 'zh', color: false });
      expect(await streamed(counted(N).stream, format)).toBe(format === 'csv' ? '\uFEFF' + whole : whole);
      expect(await streamed(counted(N).stream, format, { bom: false })).toBe(whole);
    });
  }

  it('an empty stream: [] in JSON, nothing in JSON lines, a header in CSV', async () => {
    expect(await streamed(counted(0).stream, 'json')).toBe('[]\n');
    expect(await streamed(counted(0).stream, 'jsonl')).toBe('');
    expect(await streamed(counted(0).stream, 'csv', { bom: false })).toBe('id,name,id_number,transport,note,tags\n');
  });

  it('the plain table: the same bytes, plain, fitted to a width, and in colour; the rows read twice', async () => {
    for (const o of [{}, { width: 60 }, { width: 200, color: 1 }]) {
      const c = counted(N);
      const whole = await renderList(rows, columns, { format: 'table', lang: 'zh', color: o.color ?? false, width: o.width });
      expect(await streamed(c.stream, 'table', o)).toBe(whole);
      expect(c.opened()).toBe(2);
      expect(c.read()).toBe(2 * N);
    }
  });
});

describe('RowStream', () => {
  it('slice: a page, counted, reading no further than it needs', () => {
    const c = counted(100);
    const page = c.stream.slice(10, 5);
    expect(page.count).toBe(5);
    expect([...page].map((r) => r.id)).toEqual([11, 12, 13, 14, 15]);
    expect(c.read()).toBe(15);
    expect(c.stream.slice(98).count).toBe(2);
    expect(c.stream.slice(120, 5).count).toBe(0);
    expect([...c.stream.slice(120, 5)]).toEqual([]);
  });

  it('maskDeep masks a stream a row at a time, its count kept, nested values too', () => {
    const c = counted(3);
    const masked = maskDeep(c.stream.map((r) => ({ ...r, phone: '13800138000', nested: { id_number: '110101199001011234' } })));
    expect(masked).toBeInstanceOf(RowStream);
    expect(masked.count).toBe(3);
    expect(c.read()).toBe(0);
    const out = [...masked] as Array<Record<string, unknown>>;
    expect(out[0]).toMatchObject({ id_number: '110101********0001', phone: '138****8000', nested: { id_number: '110101********1234' } });
    expect(out).toHaveLength(3);
  });
});
