// Synthetic but realistic data for the benchmark: valid ID numbers, Chinese names,
// origins and dates spread over a month. Deterministic for a given seed.
import fs from 'node:fs';

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (s) => '10X98765432'[[...s].reduce((a, c, i) => a + Number(c) * W[i], 0) % 11];

const REGIONS = [
  ['440305', '广东省深圳市南山区'], ['440106', '广东省广州市天河区'], ['310115', '上海市浦东新区'],
  ['330106', '浙江省杭州市西湖区'], ['420102', '湖北省武汉市江岸区'], ['510104', '四川省成都市锦江区'],
  ['110105', '北京市朝阳区'], ['320106', '江苏省南京市鼓楼区'], ['450103', '广西壮族自治区南宁市青秀区'],
  ['370102', '山东省济南市历下区'], ['610113', '陕西省西安市雁塔区'], ['500103', '重庆市渝中区'],
];
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈'.split('');
const GIVEN = ['伟', '芳', '娜', '秀英', '敏', '静', '丽', '强', '磊', '军', '洋', '勇', '艳', '杰', '娟', '涛', '明', '超', '秀兰', '霞', '平', '刚', '桂英', '建华', '文', '华', '红', '志强'];
const TOWNS = ['城关镇', '河口镇', '石桥乡', '新华街道', '东城街道', '西河乡', '南山镇', '北岭乡'];
const ROADS = ['幸福路', '解放路', '建设路', '人民路', '团结村', '和平街', '新民村'];
const TRANSPORT = ['火车', '飞机', '自驾', '客车', '火车', '自驾'];

export function rng(seed = 1) {
  let s = seed >>> 0;
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s % n;
  };
}

export function idNumber(r, i) {
  const [code] = REGIONS[r(REGIONS.length)];
  const y = 1940 + r(70);
  const m = 1 + r(12);
  const d = 1 + r(28);
  // the sequence number carries i so that ID numbers stay unique across a million rows
  const seq = String(i % 1000).padStart(3, '0');
  const s17 = `${code.slice(0, 4)}${String(Math.floor(i / 1000) % 100).padStart(2, '0')}${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}${seq}`;
  return s17 + checkChar(s17);
}

/** Writes n arrivals to file as CSV with Chinese headers; returns the path. */
export function writeArrivals(file, n, { seed = 7, firstDate = '2022-11-01', days = 30 } = {}) {
  const r = rng(seed);
  const fd = fs.openSync(file, 'w');
  const base = new Date(`${firstDate}T00:00:00`);
  let buf = '姓名,身份证号,手机号,来源地,抵达日期,交通方式,目的地,乡镇\n';
  for (let i = 0; i < n; i++) {
    const [, origin] = REGIONS[r(REGIONS.length)];
    const day = new Date(base.getTime() + r(days) * 86400000);
    const date = `${day.getFullYear()}-${String(day.getMonth() + 1).padStart(2, '0')}-${String(day.getDate()).padStart(2, '0')}`;
    const town = TOWNS[r(TOWNS.length)];
    const phone = `1${3 + r(7)}${String(r(1e9)).padStart(9, '0')}`;
    buf += `${SURNAMES[r(SURNAMES.length)]}${GIVEN[r(GIVEN.length)]},${idNumber(r, i)},${phone},${origin},${date},${TRANSPORT[r(TRANSPORT.length)]},${town}${ROADS[r(ROADS.length)]}${1 + r(200)}号,${town}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return file;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[3] ?? 1000);
  writeArrivals(process.argv[2], n);
}

const CHECKPOINTS = ['高速收费站卡点', '火车站出站口', '汽车客运站', '机场到达厅', '国道检查站'];

/** The checkpoints the inspections refer to, with their kinds. */
export const CHECKPOINT_KINDS = { 高速收费站卡点: 'road', 火车站出站口: 'rail', 汽车客运站: 'bus', 机场到达厅: 'airport', 国道检查站: 'road' };

/** Writes n inspections over the same month, about one in twenty an anomaly. */
export function writeInspections(file, n, { seed = 11, firstDate = '2022-11-01', days = 30 } = {}) {
  const r = rng(seed);
  const fd = fs.openSync(file, 'w');
  const base = new Date(`${firstDate}T00:00:00`).getTime();
  let buf = '卡点,查验时间,身份证号,车牌,人数,健康码,体温,核酸结果,核酸时间\n';
  const pad = (x) => String(x).padStart(2, '0');
  const stamp = (t) => {
    const d = new Date(t);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  };
  for (let i = 0; i < n; i++) {
    const t = base + r(days * 86400) * 1000;
    const vehicle = r(4) === 0;
    const code = r(40) === 0 ? '黄码' : r(200) === 0 ? '红码' : '绿码';
    const temp = (36 + r(12) / 10 + (r(100) === 0 ? 1.5 : 0)).toFixed(1);
    const id = vehicle ? '' : idNumber(r, i % 1_000_000);
    buf += `${CHECKPOINTS[r(CHECKPOINTS.length)]},${stamp(t)},${id},${vehicle ? `粤B${String(10000 + (i % 90000))}` : ''},${vehicle ? 1 + r(4) : 1},${code},${temp},阴性,${stamp(t - (2 + r(40)) * 3600 * 1000)}\n`;
    if (buf.length > 1 << 20) {
      fs.writeSync(fd, buf);
      buf = '';
    }
  }
  fs.writeSync(fd, buf);
  fs.closeSync(fd);
  return file;
}
