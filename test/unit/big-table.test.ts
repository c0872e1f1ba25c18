/** The plain table renderer (io/render.ts): lists of any size, CJK-aware widths, fitted to a terminal. */
import { describe, expect, it } from 'vitest';
import { renderList, widthOf, type Column } from '../../src/io/render.js';

const columns: Column[] = [{ key: 'id', align: 'right' }, { key: 'name' }, { key: 'destination' }];
const row = (i: number) => ({ id: i, name: '张三', destination: `城关镇幸福路${i}号很长很长的地址` });

describe('a big table', () => {
  it('past 2,000 rows: no borders, a line a row, CJK two columns wide', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => row(i + 1));
    const text = await renderList(rows, columns, { format: 'table', lang: 'en', color: false });
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(2502);
    expect(lines[0]).toMatch(/^ +ID  Name  Destination$/);
    const width = await widthOf();
    expect(width(lines[2])).toBeLessThanOrEqual(width(lines[1]));
    expect(lines[2]).toBe('   1  张三  城关镇幸福路1号很长很长的地址');
  });

  it('wider than the terminal: fitted, long cells cut with …', async () => {
    const text = await renderList([row(1), row(22)], columns, { format: 'table', lang: 'en', color: false, width: 30 });
    const width = await widthOf();
    for (const l of text.trimEnd().split('\n')) expect(width(l)).toBeLessThanOrEqual(30);
    expect(text).toMatch(/…/);
  });

  it('JSON lines: one object a line', async () => {
    expect(await renderList([row(1), row(2)], columns, { format: 'jsonl', lang: 'en', color: false })).toBe(
      '{"id":1,"name":"张三","destination":"城关镇幸福路1号很长很长的地址"}\n{"id":2,"name":"张三","destination":"城关镇幸福路2号很长很长的地址"}\n',
    );
  });

  it('JSON in pieces is what JSON.stringify writes', async () => {
    const rows = Array.from({ length: 2345 }, (_, i) => row(i));
    expect(await renderList(rows, columns, { format: 'json', lang: 'en', color: false })).toBe(JSON.stringify(rows, null, 2) + '\n');
    expect(await renderList([], columns, { format: 'json', lang: 'en', color: false })).toBe('[]\n');
  });
});
