import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import { exportArrivals, importArrivals, type ImportOptions } from '../../src/services/arrival-io.js';
import type { Store } from '../../src/store/db.js';
import type { RowProblem } from '../../src/domain/errors.js';
import { RowErrors, ValidationError } from '../../src/domain/errors.js';
import { makeId, tmpDir, cst, openTestStore } from '../helpers.js';

const ctx = { today: '2022-11-21', now: cst(2022, 10, 21, 9, 0, 0), actor: 'tester' };
const HEADER = 'name,id_number,phone,origin,arrival_date,transport,destination';
const ID1 = makeId('440305', '19800101', '123');
const ID2 = makeId('310115', '19920315', '246');
const ID3 = makeId('420102', '20010630', '357');

let dir: string;
let store: Store;

beforeEach(() => {
  dir = tmpDir();
  store = openTestStore(path.join(dir, 'test.db'));
  return () => store.close();
});

function write(name: string, text: string | Buffer): string {
  const f = path.join(dir, name);
  fs.writeFileSync(f, text);
  return f;
}

async function imp(file: string, opts: Partial<ImportOptions> = {}) {
  const problems: RowProblem[] = [];
  const result = await importArrivals(store, file, ctx, { describe: (p) => `${p.field}: ${p.code}`, onProblem: (p) => problems.push(p), ...opts });
  return { result, problems };
}

const good = [
  HEADER,
  `王伟,${ID1},13800138001,广东省深圳市南山区,2022-11-20,train,城关镇幸福路1号`,
  `李娜,${ID2},13800138002,上海市浦东新区,2022/11/19,飞机,"城关镇解放路2号, 3单元"`,
  `赵敏,${ID3},13800138003,湖北省武汉市江岸区,2022-11-18,自驾,河口镇`,
].join('\n');

describe('arrival import', () => {
  it('imports every valid row in one go and writes one audit row', async () => {
    const { result } = await imp(write('a.csv', good));
    expect(result).toMatchObject({ read: 3, inserted: 3, duplicates: 0, rejected: 0, encoding: 'utf8', delimiter: 'comma' });
    const rows = store.arrivals.list();
    expect(rows.map((r) => r.destination)).toContain('城关镇解放路2号, 3单元');
    expect(rows.find((r) => r.id_number === ID2)).toMatchObject({ arrival_date: '2022-11-19', transport: 'plane' });
    const audit = store.audit.latest(5);
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ action: 'arrival.import', actor: 'tester' });
  });

  it('is all-or-nothing: one bad row writes nothing and names row, field and reason', async () => {
    const bad = good + `\n钱七,110105194912310021,13800138004,北京市朝阳区,2022-11-20,train,城关镇\n`;
    await expect(imp(write('b.csv', bad))).rejects.toBeInstanceOf(RowErrors);
    expect(store.arrivals.count()).toBe(0);
    const problems: RowProblem[] = [];
    await importArrivals(store, path.join(dir, 'b.csv'), ctx, { describe: String, onProblem: (p) => problems.push(p) }).catch(() => {});
    expect(problems).toEqual([{ row: 5, field: 'id_number', code: 'id_check', params: { expected: 'X', actual: '1' } }]);
    expect(store.audit.count()).toBe(0);
  });

  it('with skipInvalid writes the good rows and a rejects file naming each bad row and why', async () => {
    const bad = [good, `钱七,110105194912310021,13800138004,北京市朝阳区,2022-11-20,train,城关镇`, `孙八,${makeId('110105', '19700101', '111')},123,北京市朝阳区,2022-11-31,train,城关镇`].join('\n');
    const file = write('c.csv', bad);
    const { result } = await imp(file, { skipInvalid: true });
    expect(result).toMatchObject({ read: 5, inserted: 3, rejected: 2, rejects_file: path.join(dir, 'c.rejects.csv') });
    expect(store.arrivals.count()).toBe(3);
    const rejects = fs.readFileSync(result.rejects_file!, 'utf8').replace(/^\uFEFF/, '').trim().split('\n');
    expect(rejects[0]).toBe(`row,${HEADER},reason`);
    expect(rejects[1]).toMatch(/^5,钱七,110105194912310021,.*,id_number: id_check$/);
    expect(rejects[2]).toMatch(/^6,孙八,.*phone: phone; arrival_date: date$/);
  });

  it('counts duplicates and changes nothing when the same file is imported again', async () => {
    const file = write('d.csv', good);
    await imp(file);
    const { result } = await imp(file);
    expect(result).toMatchObject({ read: 3, inserted: 0, duplicates: 3 });
    expect(store.arrivals.count()).toBe(3);
  });

  it('counts rows already registered with other values as changed, lists them, and applies them only with update, audited', async () => {
    const T = `${HEADER},township`;
    const first = [T, `王伟,${ID1},13800138001,广东省深圳市南山区,2022-11-20,train,城关镇幸福路1号,城关镇`, `李娜,${ID2},13800138002,上海市浦东新区,2022-11-20,飞机,城关镇解放路2号,城关镇`].join('\n');
    const fixed = [T, `王伟,${ID1},13900139001,广东省深圳市南山区,2022-11-20,train,河口镇新街3号,河口镇`, `李娜,${ID2},13800138002,上海市浦东新区,2022-11-20,飞机,城关镇解放路2号,城关镇`].join('\n');
    await imp(write('f1.csv', first));
    const { dailyReport } = await import('../../src/services/reporting.js');
    const report = () => dailyReport(store, '2022-11-20', '城关县').arrivals.by_township;
    expect(report()).toEqual({ 城关镇: 2 });
    const was = JSON.stringify(store.arrivals.list());
    const audits = store.audit.count();
    const file = write('f2.csv', fixed);
    // without update: counted and listed, nothing of them written
    const { result } = await imp(file);
    expect(result).toMatchObject({ read: 2, inserted: 0, duplicates: 1, changed: 1, updated: 0 });
    expect(result.changed_rows).toEqual([{ arrival_id: 1, name: '王伟', fields: ['phone', 'destination', 'township'] }]);
    expect(JSON.stringify(store.arrivals.list())).toBe(was);
    expect(store.audit.count()).toBe(audits + 1);
    // a dry run with update: counted as applied, nothing written
    const dry = await imp(file, { update: true, dryRun: true } as Partial<ImportOptions>);
    expect(dry.result).toMatchObject({ changed: 1, updated: 1, dry_run: true });
    expect(JSON.stringify(store.arrivals.list())).toBe(was);
    expect(store.audit.count()).toBe(audits + 1);
    // with update: applied in the import's transaction, an audit row with before and after for each
    const applied = await imp(file, { update: true } as Partial<ImportOptions>);
    expect(applied.result).toMatchObject({ inserted: 0, duplicates: 1, changed: 1, updated: 1 });
    expect(store.arrivals.get(1)).toMatchObject({ phone: '+8613900139001', destination: '河口镇新街3号', township: '河口镇' });
    const rows = store.audit.latest(2);
    const update = rows.find((r) => r.action === 'arrival.update')!;
    expect(update.record).toBe('arrival:1');
    expect(JSON.parse(update.before!)).toMatchObject({ phone: '+86 138****8001', township: '城关镇' });
    expect(JSON.parse(update.after!)).toMatchObject({ phone: '+86 139****9001', township: '河口镇', file: 'f2.csv' });
    expect(report()).toEqual({ 城关镇: 1, 河口镇: 1 });
    // the same file again: all unchanged now
    expect((await imp(file, { update: true } as Partial<ImportOptions>)).result).toMatchObject({ duplicates: 2, changed: 0 });
  });

  it('counts a row repeated inside one file as a duplicate', async () => {
    const lines = good.split('\n');
    const { result } = await imp(write('e.csv', [...lines, lines[1]].join('\n')));
    expect(result).toMatchObject({ read: 4, inserted: 3, duplicates: 1 });
  });

  it('reads GB18030 (what Excel saves in China) with Chinese headers, detected', async () => {
    const text = ['姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地,乡镇', `王伟,${ID1},13800138001,广东省深圳市南山区,2022-11-20,火车,城关镇幸福路1号,城关镇`].join('\r\n');
    const file = write('gb.csv', iconv.encode(text, 'gb18030'));
    const { result } = await imp(file);
    expect(result).toMatchObject({ encoding: 'gb18030', inserted: 1 });
    expect(store.arrivals.list()[0]).toMatchObject({ name: '王伟', origin: '广东省深圳市南山区', township: '城关镇', transport: 'train' });
  });

  it('reads UTF-8 with a BOM, tab-separated, with quoted fields holding newlines and quotes', async () => {
    const text = '\uFEFF' + ['姓名\t身份证号\t手机号\t来源地\t抵达日期\t交通方式\t目的地\t备注', `王伟\t${ID1}\t13800138001\t广东省深圳市\t2022-11-20\t火车\t城关镇\t"第一行\n第二行, 含""引号"""`].join('\n');
    const { result } = await imp(write('tab.csv', text));
    expect(result).toMatchObject({ encoding: 'utf8', delimiter: 'tab', inserted: 1 });
    expect(store.arrivals.list()[0].note).toBe('第一行\n第二行, 含"引号"');
  });

  it('honours --encoding when given', async () => {
    const text = [HEADER, `王伟,${ID1},13800138001,广东省,2022-11-20,train,城关镇`].join('\n');
    const { result } = await imp(write('f.csv', iconv.encode(text, 'gb18030')), { encoding: 'GBK' });
    expect(result.encoding).toBe('gb18030');
  });

  it('refuses a file without the required columns, naming them', async () => {
    const err = await imp(write('g.csv', 'name,phone\n王伟,13800138001\n')).catch((e) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems[0]).toMatchObject({ code: 'missing_column', params: { columns: 'id_number, origin, arrival_date, transport, destination' } });
  });

  it('refuses a row with a field count different from the header', async () => {
    const text = [HEADER, `王伟,${ID1},13800138001,广东省,2022-11-20,train`].join('\n');
    const problems: RowProblem[] = [];
    await importArrivals(store, write('h.csv', text), ctx, { describe: String, onProblem: (p) => problems.push(p) }).catch(() => {});
    expect(problems[0]).toMatchObject({ row: 2, field: 'row', code: 'row_columns' });
  });

  it('reports a quote that never closes as one clear error and writes nothing', async () => {
    const text = [HEADER, `王伟,${ID1},13800138001,"广东省,2022-11-20,train,城关镇`].join('\n');
    await expect(imp(write('q.csv', text))).rejects.toThrow(/not valid CSV/);
    expect(store.arrivals.count()).toBe(0);
    expect(store.db.inTransaction).toBe(false);
  });

  it('skips blank spreadsheet rows but keeps row numbers true to the spreadsheet', async () => {
    const text = [HEADER, ',,,,,,', `王伟,${ID1},13800138001,广东省,2022-11-20,train,城关镇`, `李娜,${ID2},1380013800,上海市,2022-11-20,train,城关镇`].join('\n');
    const problems: RowProblem[] = [];
    await importArrivals(store, write('blank.csv', text), ctx, { describe: String, onProblem: (p) => problems.push(p) }).catch(() => {});
    expect(problems).toEqual([expect.objectContaining({ row: 4, field: 'phone' })]);
  });

  it('dry run validates and counts but writes nothing', async () => {
    const { result } = await imp(write('dry.csv', good), { dryRun: true });
    expect(result).toMatchObject({ inserted: 3, dry_run: true });
    expect(store.arrivals.count()).toBe(0);
  });

  it('fails clearly on a missing file or an empty one', async () => {
    await expect(imp(path.join(dir, 'nope.csv'))).rejects.toThrow(/no such file/);
    await expect(imp(write('empty.csv', ''))).rejects.toThrow(/is empty/);
  });
});

describe('arrival export', () => {
  it('exports with BOM and neutralised formula cells, and imports back to the same records', async () => {
    await imp(write('a.csv', good));
    store.arrivals.insert(
      { name: '周九', id_number: makeId('370102', '19660606', '789'), phone: '+8613900139000', origin: '=HYPERLINK("x")', arrival_date: '2022-11-17', arrival_time: '23:59', transport: 'bus', vehicle: null, destination: '@城关镇', township: '城关镇', contact_type: 'close', exposure_date: '2022-11-15', note: '+备注' },
      '2022-11-21T09:00:00',
      'tester',
    );
    const out = path.join(dir, 'export.csv');
    const r = await exportArrivals(store, { file: out }, ctx, { reveal: true });
    expect(r.exported).toBe(4);
    const bytes = fs.readFileSync(out);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""x"")"`);
    expect(text).toContain("'@城关镇");

    const before = store.arrivals.list().map(({ id, created_at, created_by, ...rest }) => rest);
    store.close();
    store = openTestStore(path.join(dir, 'second.db'));
    const { result } = await imp(out);
    expect(result).toMatchObject({ inserted: 4, rejected: 0 });
    const after = store.arrivals.list().map(({ id, created_at, created_by, ...rest }) => rest);
    expect(after).toEqual(before);
  });

  it('masks ID numbers and phones unless reveal, and a masked export is refused on import', async () => {
    await imp(write('a.csv', good));
    const out = path.join(dir, 'masked.csv');
    await exportArrivals(store, { file: out }, ctx, { reveal: false });
    const text = fs.readFileSync(out, 'utf8');
    expect(text).not.toContain(ID1);
    expect(text).toContain(ID1.slice(0, 6) + '********' + ID1.slice(-4));
    expect(text).toContain('138****8001');
    const problems: RowProblem[] = [];
    store.close();
    store = openTestStore(path.join(dir, 'third.db'));
    await importArrivals(store, out, ctx, { describe: String, onProblem: (p) => problems.push(p) }).catch(() => {});
    expect(problems.filter((p) => p.field === 'id_number').every((p) => p.code === 'id_masked')).toBe(true);
  });
});
