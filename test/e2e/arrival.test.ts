import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import { addArgs, makeId, query, runBin, tmpDir, VALID, initDb } from '../helpers.js';

let dir: string;
let db: string;
const T = ['--today', '2022-11-21'];

beforeEach(async () => {
  dir = tmpDir();
  db = initDb(path.join(dir, 'e2e.db'));
});

const bin = (args: string[], opts: Parameters<typeof runBin>[1] = {}) => runBin(['--db', db, ...T, ...args], opts);

describe('fangkong (spawned, no TTY)', () => {
  it('prints help and version with exit 0', () => {
    const h = runBin(['--help']);
    expect(h.code).toBe(0);
    expect(h.stdout).toMatch(/arrival/);
    const zh = runBin(['--help', '--lang', 'zh']);
    expect(zh.stdout).toContain('来返人员');
    const v = runBin(['--version']);
    expect(v.code).toBe(0);
    expect(v.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('exits 2 with one line for an unknown command or option', () => {
    const r = runBin(['arival']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/unknown command 'arival'/);
    const o = bin(['arrival', 'list', '--bogus']);
    expect(o.code).toBe(2);
    expect(o.stderr).toMatch(/unknown option '--bogus'/);
  });

  it('registers an arrival: JSON on stdout when piped, masked, and the row in the database', () => {
    const r = bin(addArgs({ '--township': '城关镇', '--vehicle': 'G1234', '--contact': 'close', '--exposure-date': '2022-11-19' }));
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ id: 1, id_number: '110105********002X', phone: '+86 138****8000', contact_type: 'close', exposure_date: '2022-11-19', township: '城关镇' });
    expect(r.stderr).toMatch(/registered arrival 1/);
    const rows = query(db, 'SELECT id_number, phone, vehicle FROM arrivals');
    expect(rows).toEqual([{ id_number: VALID.id, phone: `+86${VALID.phone}`, vehicle: 'G1234' }]);
    expect(query(db, 'SELECT action FROM audit_log')).toEqual([{ action: 'arrival.add' }]);
  });

  it('accepts global options after the subcommand', () => {
    const r = runBin([...addArgs(), '--db', db, '--today', '2022-11-21', '--format', 'json', '--actor', '李干部']);
    expect(r.code).toBe(0);
    expect(query(db, 'SELECT created_by FROM arrivals')).toEqual([{ created_by: '李干部' }]);
  });

  it('never prompts without a TTY: a missing value is exit 2 with one line, nothing written', () => {
    const r = bin(['arrival', 'add', '--name', '张三', '--id-number', VALID.id]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/missing --phone --origin --arrival-date --transport --destination/);
    expect(fs.existsSync(db) ? query(db, 'SELECT count(*) n FROM arrivals')[0] : { n: 0 }).toEqual({ n: 0 });
  });

  it('names the field and what is expected for bad input, in Chinese with --lang zh', () => {
    const r = bin([...addArgs({ '--id-number': '110105194912310021' }), '--lang', 'zh']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('错误：身份证号：校验位应为X，实为1\n');
    const en = bin(addArgs({ '--phone': '1380013800', '--arrival-date': '2022-12-25' }));
    expect(en.code).toBe(2);
    expect(en.stderr).toMatch(/^error: Phone: "1380013800" is not a valid phone number: a mainland mobile has 11 digits.*; Arrival date: 2022-12-25 is more than 14 days after today \(2022-11-21\).*\n$/);
    const tr = bin(addArgs({ '--transport': 'rocket' }));
    expect(tr.code).toBe(2);
    expect(tr.stderr).toMatch(/--transport.*rocket.*Allowed choices are train, plane, car, bus, ship, other/);
    expect(fs.existsSync(db) ? query(db, 'SELECT count(*) n FROM arrivals')[0] : { n: 0 }).toEqual({ n: 0 });
  });

  it('refuses the same person on the same date, and takes them on another date', () => {
    expect(bin(addArgs()).code).toBe(0);
    const dup = bin(addArgs());
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/110105\*{8}002X is already registered for 2022-11-20 \(arrival 1\)/);
    expect(bin(addArgs({ '--arrival-date': '2022-11-21' })).code).toBe(0);
    const show = bin(['arrival', 'show', VALID.id, '--format', 'json']);
    expect(show.code).toBe(0);
    const person = JSON.parse(show.stdout);
    expect(person).toMatchObject({ name: '张三', id_number: '110105********002X', sex: 'female', birth_date: '1949-12-31' });
    expect(person.arrivals.map((a: { arrival_date: string }) => a.arrival_date)).toEqual(['2022-11-20', '2022-11-21']);
    const missing = bin(['arrival', 'show', '440524188001010014']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/no arrival found/);
  });

  it('lists with filters in every format', () => {
    bin(addArgs({ '--township': '城关镇' }));
    bin(addArgs({ '--id-number': makeId('310115', '19920315', '246'), '--origin': '上海市浦东新区', '--arrival-date': '2022-11-19', '--township': '河口镇', '--contact': 'close' }));
    bin(addArgs({ '--id-number': makeId('440106', '19850505', '555'), '--origin': '广东省广州市天河区', '--arrival-date': '2022-11-18' }));
    const all = JSON.parse(bin(['arrival', 'list']).stdout);
    expect(all).toHaveLength(3);
    expect(Object.keys(all[0])).toEqual(['id', 'name', 'id_number', 'phone', 'origin', 'origin_code', 'origin_name', 'arrival_date', 'arrival_time', 'transport', 'vehicle', 'destination', 'township', 'contact_type', 'exposure_date', 'note', 'doc_type', 'doc_country', 'entry_date', 'left_date']);
    expect(JSON.parse(bin(['arrival', 'list', '--origin', '广东省']).stdout)).toHaveLength(2);
    expect(JSON.parse(bin(['arrival', 'list', '--date', '2022-11-19']).stdout)[0]).toMatchObject({ origin: '上海市浦东新区', origin_code: '310115', origin_name: '上海市浦东新区' });
    expect(JSON.parse(bin(['arrival', 'list', '--from', '2022-11-19', '--to', '2022-11-20']).stdout)).toHaveLength(2);
    expect(JSON.parse(bin(['arrival', 'list', '--township', '河口镇']).stdout)).toHaveLength(1);
    expect(JSON.parse(bin(['arrival', 'list', '--contact', 'close']).stdout)).toHaveLength(1);
    const csv = bin(['arrival', 'list', '--format', 'csv']).stdout.split('\n');
    // a CSV for Excel starts with the BOM, on stdout too
    expect(csv[0]).toBe('\uFEFFid,name,id_number,phone,origin,origin_code,origin_name,arrival_date,arrival_time,transport,vehicle,destination,township,contact_type,exposure_date,note,doc_type,doc_country,entry_date,left_date');
    const md = bin(['arrival', 'list', '--format', 'markdown', '--lang', 'zh']).stdout;
    expect(md.split('\n')[0]).toBe('| 编号 | 姓名 | 身份证号 | 手机号 | 来源地 | 抵达日期 | 交通方式 | 目的地 | 乡镇 | 接触类型 |');
    expect(md).toContain('密接');
    const table = bin(['arrival', 'list', '--format', 'table', '--date', '2022-11-18']).stdout;
    expect(table).toContain('广东省广州市天河区');
    expect(table).not.toMatch(/\u001b\[/);
    const revealed = bin(['arrival', 'list', '--reveal', '--date', '2022-11-20']).stdout;
    expect(JSON.parse(revealed)[0].id_number).toBe(VALID.id);
    expect(query(db, "SELECT count(*) n FROM audit_log WHERE action = 'reveal'")).toEqual([{ n: 1 }]);
    const bad = bin(['arrival', 'list', '--date', '2022-02-30']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--date "2022-02-30" is not a real date/);
  });

  it('imports a GB18030 file with Chinese headers: summary line, exit 0; again: all duplicates', () => {
    const text = ['序号,姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地', `1,王伟,${makeId('440305', '19800101', '123')},13800138001,广东省深圳市南山区,2022/11/20,高铁,城关镇`, `2,李娜,${makeId('310115', '19920315', '246')},13800138002,上海市,2022/11/19,飞机,"城关镇, 幸福路"`].join('\r\n');
    const file = path.join(dir, '报备.csv');
    fs.writeFileSync(file, iconv.encode(text, 'gb18030'));
    const r = bin(['--format', 'table', 'arrival', 'import', file]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('read 2, inserted 2, duplicates 0, rejected 0\n');
    expect(r.stderr).toMatch(/ignored columns: 序号/);
    const again = bin(['arrival', 'import', file, '--lang', 'zh', '--format', 'table']);
    expect(again.stdout).toBe('读取 2 行，新增 0，重复 2，无效 0\n');
    // piped, as from a script: the counts as JSON
    expect(JSON.parse(bin(['arrival', 'import', file]).stdout)).toMatchObject({ read: 2, inserted: 0, duplicates: 2, rejected: 0, encoding: 'gb18030' });
    expect(query(db, 'SELECT count(*) n FROM arrivals')).toEqual([{ n: 2 }]);
  });

  it('import is all-or-nothing (exit 2, a line per bad row), or --skip-invalid (exit 3, rejects file)', () => {
    const text = ['name,id_number,phone,origin,arrival_date,transport,destination', `王伟,${makeId('440305', '19800101', '123')},13800138001,广东省,2022-11-20,train,城关镇`, `李娜,110105194912310021,13800138002,上海市,2022-11-19,train,城关镇`, `赵敏,${makeId('420102', '20010630', '357')},13800138003,湖北省,2022-11-31,train,城关镇`].join('\n');
    const file = path.join(dir, 'in.csv');
    fs.writeFileSync(file, text);
    const r = bin(['arrival', 'import', file]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('row 3 ID number: check digit should be X, not 1\n');
    expect(r.stderr).toContain('row 4 Arrival date: "2022-11-31" is not a real date');
    expect(r.stderr).toMatch(/2 invalid row\(s\) in .*in\.csv: nothing was written/);
    expect(query(db, 'SELECT count(*) n FROM arrivals')).toEqual([{ n: 0 }]);

    const dry = bin(['arrival', 'import', file, '--dry-run', '--skip-invalid', '--rejects', path.join(dir, 'dry-rejects.csv')]);
    expect(dry.code).toBe(3);
    expect(query(db, 'SELECT count(*) n FROM arrivals')).toEqual([{ n: 0 }]);

    const s = bin(['arrival', 'import', file, '--skip-invalid']);
    expect(s.code).toBe(3);
    expect(JSON.parse(s.stdout)).toMatchObject({ read: 3, inserted: 1, duplicates: 0, rejected: 2 });
    expect(s.stderr).toMatch(/2 invalid row\(s\) written to .*in\.rejects\.csv/);
    const rejects = fs.readFileSync(path.join(dir, 'in.rejects.csv'), 'utf8');
    expect(rejects).toContain('3,李娜,110105194912310021');
    expect(rejects).toContain('ID number: check digit should be X, not 1');
    expect(query(db, 'SELECT name FROM arrivals')).toEqual([{ name: '王伟' }]);
  });

  it('import of a missing file is exit 1 with one line', () => {
    const r = bin(['arrival', 'import', path.join(dir, 'nope.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot read .*nope\.csv: no such file/);
  });

  it('exports to a file with BOM, masked by default; --reveal exports what imports back', () => {
    bin(addArgs({ '--note': '=1+1' }));
    const masked = path.join(dir, 'm.csv');
    expect(bin(['arrival', 'export', '--out', masked]).code).toBe(0);
    const m = fs.readFileSync(masked, 'utf8');
    expect(m.charCodeAt(0)).toBe(0xfeff);
    expect(m).toContain('110105********002X');
    expect(m).toContain("'=1+1");
    const full = path.join(dir, 'full.csv');
    expect(bin(['arrival', 'export', '--out', full, '--reveal']).code).toBe(0);
    const db2 = initDb(path.join(dir, 'two.db'));
    const r = runBin(['--db', db2, ...T, 'arrival', 'import', full]);
    expect(r.code).toBe(0);
    expect(query(db2, 'SELECT id_number, note FROM arrivals')).toEqual([{ id_number: VALID.id, note: '=1+1' }]);
    const toStdout = bin(['arrival', 'export']);
    expect(toStdout.stdout.replace(/^\uFEFF/, '').split('\n')[0]).toBe('name,id_number,phone,origin,arrival_date,transport,destination,arrival_time,vehicle,township,contact_type,exposure_date,note,doc_type,doc_country,entry_date,left_date');
  });
});

describe('demo', () => {
  it("loads the sample's two weeks into a throw-away database and reports the last day", () => {
    const home = tmpDir();
    const r = runBin(['demo', '--format', 'table'], { env: { TMPDIR: home } });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/loaded 14 days of the sample from 2022-11-07 \(data\/sample\/\), day by day: .*58 arrivals/);
    expect(r.stdout).toContain('daily epidemic-prevention report (2022-11-20)');
    expect(fs.existsSync(path.join(home, 'fangkong-demo.db'))).toBe(true);
    const again = runBin(['demo', '--format', 'json'], { env: { TMPDIR: home } });
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ date: '2022-11-20', loaded: { arrivals: 58 }, report: { date: '2022-11-20', arrivals: { new: 8 } } });
  });

  it('refuses to load the demo into a database that holds data', () => {
    bin(addArgs());
    const r = bin(['demo']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/needs an empty database/);
  });
});
