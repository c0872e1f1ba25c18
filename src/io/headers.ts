/**
 * The header row of every import: one normaliser, one alias table per kind of file, one mapper.
 * A header is compared after normaliseHeader(), so "身 份 证 号", "\uFEFF姓名", "ＩＤ_ｎｕｍｂｅｒ",
 * "乡镇（街道）" and "Name" all find their field.
 */
import { REQUIRED_FIELDS as ARRIVAL_REQUIRED, type ArrivalField } from '../domain/arrival.js';
import type { InspectionInput } from '../domain/inspection.js';

/**
 * A header as it is compared: NFKC (full-width letters, digits, parentheses and the ideographic
 * space become their half-width forms), without any whitespace, BOM or zero-width character,
 * lowercase.
 */
export function normaliseHeader(raw: string): string {
  return raw
    .normalize('NFKC')
    .replace(/[\s\uFEFF\u200B-\u200D\u2060]/g, '')
    .toLowerCase();
}

type InspectionField = keyof InspectionInput;
type TestField = 'id_number' | 'name' | 'date' | 'result' | 'sample_time' | 'lab';
type AreaField = 'region' | 'level' | 'from' | 'to';

/**
 * Column headers accepted on import, by kind of file, mapped to the field they feed: the English
 * keys an export writes, and what township sheets (来返人员报备表 and the like) call them.
 */
export const HEADER_ALIASES = {
  arrivals: {
    name: ['name', '姓名', '名字', '人员姓名', '返乡人员姓名', '来返人员姓名'],
    id_number: ['id_number', 'idnumber', 'id', 'id_card', 'idcard', '身份证号', '身份证号码', '身份证', '证件号码', '证件号', '身份证件号码', '公民身份号码', '身份证号码(18位)', '护照号', '护照号码', '通行证号码'],
    phone: ['phone', 'mobile', 'tel', 'telephone', '手机号', '手机号码', '手机', '联系电话', '电话', '电话号码', '联系方式', '本人电话', '本人联系电话', '联系手机'],
    origin: [
      'origin', '来源地', '来源地区', '出发地', '出发地区', '始发地', '来自', '来源', '从何地来', '从何地返回', '从何地返乡', '来自何地', '从何处来', '从哪里来',
      '来源城市', '来源省市', '来(返)地', '来返地', '来返前所在地', '返乡前所在地', '返回前居住地', '来源地址', '出发城市',
    ],
    arrival_date: ['arrival_date', 'arrivaldate', 'date', '抵达日期', '到达日期', '返乡日期', '返回日期', '来返日期', '返县日期', '抵县日期', '来县日期', '入县日期', '返乡(抵达)日期'],
    arrival_time: ['arrival_time', 'arrivaltime', '抵达时刻', '到达时刻', '抵达时间', '到达时间', '返回时间', '返乡时间', '来返时间', '抵返时间', '抵县时间', '返县时间', '入县时间'],
    transport: ['transport', '交通方式', '交通工具', '出行方式', '返乡方式', '返回方式', '来返方式', '乘坐交通工具', '交通方式(火车/飞机/自驾/客车)'],
    vehicle: [
      'vehicle', '车次/车牌', '车次', '车牌', '车牌号', '车牌号码', '航班', '航班号', '车次航班', '车次/航班', '车次/航班号', '航班/车次', '车次(航班)', '车次/航班/车牌',
      '车次/航班/车牌号', '车次(航班、车牌号)', '车次航班号', '车次航班车牌', '车次、航班、车牌号', '班次', '乘坐车次', '交通工具信息',
    ],
    destination: ['destination', '目的地', '现住址', '居住地址', '目的地址', '居住地', '落脚点', '现居住地址', '现居住地', '居住详细地址', '拟居住地址', '在本县居住地址', '详细地址', '居家地址', '住址', '到达地址', '抵达地址'],
    township: ['township', '乡镇', '所属乡镇', '乡镇(街道)', '乡镇（街道）', '街道', '乡镇街道', '乡镇/街道', '所在乡镇', '镇街', '所属镇街', '所属街道', '镇(街道)'],
    contact_type: ['contact_type', 'contacttype', 'contact', '接触类型', '密接类型', '人员类型', '人员类别', '是否密接', '密接/次密接'],
    exposure_date: ['exposure_date', 'exposuredate', 'last exposure', '末次暴露日期', '暴露日期', '末次接触日期', '最后接触日期', '末次接触时间', '末次暴露时间'],
    note: ['note', 'notes', 'remark', 'remarks', '备注', '备注说明', '其他情况', '说明'],
    doc_type: ['doc_type', 'doctype', 'document', 'document_type', '证件类型', '证件种类', '证件名称'],
    doc_country: ['doc_country', 'country', 'nationality', 'issuing_country', 'issuingcountry', 'issuing country', '国籍/签发国', '国籍', '签发国', '签发国家', '国籍(地区)', '护照签发国'],
    // issue 24: after the columns a filled template already has
    entry_date: ['entry_date', 'entrydate', 'entry date', '入境日期', '入境时间', '入境日', '口岸入境日期'],
    left_date: ['left_date', 'leftdate', 'left date', 'left risk area', '离开风险区日期', '离开日期', '离开风险区时间', '离开时间', '离开风险地区日期'],
  } satisfies Record<ArrivalField, readonly string[]>,
  inspections: {
    checkpoint: ['checkpoint', '卡点', '卡点名称', '查验点', '检查站', '检查点', '卡口'],
    time: ['time', 'inspected_at', '查验时间', '检查时间', '时间', '登记时间', '通行时间'],
    id_number: ['id_number', '身份证号', '身份证号码', '身份证', '证件号码'],
    name: ['name', '姓名'],
    phone: ['phone', '手机号', '手机号码', '联系电话', '电话', '联系方式'],
    vehicle: ['vehicle', '车牌', '车牌号', '车牌号码', '车次', '车辆', '车次/车牌'],
    passengers: ['passengers', '乘客数', '人数', '车上人数', '乘车人数'],
    code: ['code', '健康码', '健康码颜色', '健康码状态'],
    travel_star: ['travel_star', '行程码带星', '行程码', '带星', '行程卡', '行程卡带星', '行程码是否带星'],
    test_time: ['test_time', '核酸时间', '核酸采样时间', '最近核酸时间', '核酸检测时间'],
    test_result: ['test_result', '核酸结果', '核酸检测结果'],
    temperature: ['temperature', 'temp', '体温', '体温(℃)'],
    action: ['action', '处置', '处置结果', '处置方式', '处置情况'],
    origin: ['origin', '来源地', '出发地', '来自', '从何地来'],
  } satisfies Record<InspectionField, readonly string[]>,
  tests: {
    id_number: ['id_number', '身份证号', '身份证号码', '身份证', '证件号码'],
    name: ['name', '姓名'],
    date: ['test_date', 'date', '采样日期', '检测日期', '日期', '送检日期'],
    result: ['result', '检测结果', '结果', '核酸结果', '核酸检测结果'],
    sample_time: ['sample_time', '采样时间'],
    lab: ['lab', '检测机构', '实验室', '检测单位'],
  } satisfies Record<TestField, readonly string[]>,
  areas: {
    region: ['region', '地区', '区域', '风险区', '地区名称', '风险区域', '风险地区', '区域名称'],
    level: ['level', '等级', '风险等级', '风险级别', '级别'],
    from: ['from', '开始日期', '起始日期', '生效日期', '开始时间', '起始时间', '划定日期'],
    to: ['to', '结束日期', '截止日期', '解除日期', '解封日期', '结束时间'],
  } satisfies Record<AreaField, readonly string[]>,
};

/**
 * Columns that feed nothing and lose nothing, passed over as ignored, never refused as unknown:
 * a row number; what the ID number says already (sex, age, birth date); the row and reason of
 * a rejects file, corrected and imported again; and, by kind, what fangkong's own sheets carry
 * besides (`inspect unregistered`: where the person was seen, already on record; an inspection
 * export: its anomalies, worked out again on import).
 */
const COMMON_PASSED_OVER = ['序号', '编号', '行号', 'no', 'no.', '#', '性别', '年龄', '出生日期', 'sex', 'age', 'row', 'reason'];
export const PASSED_OVER: Record<ImportKind, string[]> = {
  arrivals: [...COMMON_PASSED_OVER, 'checkpoint', 'inspected_at'].map(normaliseHeader),
  inspections: [...COMMON_PASSED_OVER, 'anomalies', '异常'].map(normaliseHeader),
  tests: COMMON_PASSED_OVER.map(normaliseHeader),
  areas: COMMON_PASSED_OVER.map(normaliseHeader),
};

/** The Chinese header of a field, for messages in Chinese: the first Chinese alias. */
export function chineseHeader(kind: ImportKind, field: string): string {
  const names = (HEADER_ALIASES[kind] as Record<string, readonly string[]>)[field] ?? [];
  return names.find((n) => /[\u4e00-\u9fff]/.test(n)) ?? field;
}

/** A spreadsheet column's letter: 0 is A, 26 is AA. */
export function columnLetter(i: number): string {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

export type ImportKind = keyof typeof HEADER_ALIASES;
export const IMPORT_KINDS = Object.keys(HEADER_ALIASES) as ImportKind[];
/** The fields a kind of file can feed. */
export type FieldOf<K extends ImportKind> = keyof (typeof HEADER_ALIASES)[K] & string;

/**
 * The columns a file of each kind cannot be imported without. A list is "one of these": an
 * inspection names a person or a vehicle; when none is there the first is reported missing.
 */
export const REQUIRED_COLUMNS: { [K in ImportKind]: ReadonlyArray<FieldOf<K> | readonly FieldOf<K>[]> } = {
  // a sheet may say when only in its 抵达时间 column ("2022-11-20 14:30")
  arrivals: ARRIVAL_REQUIRED.map((f) => (f === 'arrival_date' ? (['arrival_date', 'arrival_time'] as const) : f)),
  inspections: ['checkpoint', 'code', ['id_number', 'vehicle']],
  tests: ['id_number', 'date', 'result'],
  areas: ['region', 'level'],
};

const INDEX = new Map<ImportKind, Map<string, string>>();
for (const kind of IMPORT_KINDS) {
  const index = new Map<string, string>();
  for (const [field, names] of Object.entries(HEADER_ALIASES[kind]) as Array<[string, readonly string[]]>) {
    for (const n of names) {
      const key = normaliseHeader(n);
      const other = index.get(key);
      if (other && other !== field) throw new Error(`header alias "${n}" of ${kind} maps to both ${other} and ${field}`);
      index.set(key, field);
    }
  }
  INDEX.set(kind, index);
}

/** The field a header feeds in a kind of file, or null. */
export function headerField<K extends ImportKind>(kind: K, header: string): FieldOf<K> | null {
  return (INDEX.get(kind)!.get(normaliseHeader(header)) as FieldOf<K> | undefined) ?? null;
}

export interface HeaderMap<F extends string = string> {
  /** For each column, the field it feeds, or null when the column is not ours (or repeats one). */
  columns: Array<F | null>;
  /** Required fields no column feeds, in the order of REQUIRED_COLUMNS. */
  missing: F[];
  /** Headers of the columns that feed nothing (blank headers are not listed). */
  ignored: string[];
  /** Columns (by index) whose header is no field's and no known name: unknown, or blank. */
  unknown: number[];
  /** Fields that more than one column feeds (姓名 twice, or 手机号 and phone), each with its columns by index. */
  repeated: Array<{ field: F; columns: number[] }>;
}

/** Maps a header row (English or Chinese names, any order) to the fields of a kind of file; the first column of a field wins. */
export function mapHeader<K extends ImportKind>(kind: K, header: readonly string[]): HeaderMap<FieldOf<K>> {
  const seen = new Set<FieldOf<K>>();
  const ignored: string[] = [];
  const unknown: number[] = [];
  const where = new Map<FieldOf<K>, number[]>();
  const columns = header.map((h, i) => {
    const f = headerField(kind, h);
    if (f) where.set(f, [...(where.get(f) ?? []), i]);
    if (!f || seen.has(f)) {
      const n = normaliseHeader(h);
      if (n !== '') ignored.push(h);
      if (!f && !PASSED_OVER[kind].includes(n)) unknown.push(i);
      return null;
    }
    seen.add(f);
    return f;
  });
  const missing: Array<FieldOf<K>> = [];
  for (const req of REQUIRED_COLUMNS[kind] as ReadonlyArray<FieldOf<K> | readonly FieldOf<K>[]>) {
    const anyOf = (typeof req === 'string' ? [req] : req) as readonly FieldOf<K>[];
    if (!anyOf.some((f) => seen.has(f))) missing.push(anyOf[0]);
  }
  const repeated = [...where].filter(([, cols]) => cols.length > 1).map(([field, cols]) => ({ field, columns: cols }));
  return { columns, missing, ignored, unknown, repeated };
}

/** How many columns of a row are headers of a kind of file. */
function score(kind: ImportKind, row: readonly string[]): number {
  let n = 0;
  for (const h of row) if (headerField(kind, h)) n++;
  return n;
}

/** Rows looked at for the header: a township's sheet has a title, maybe a subtitle or a date, above it. */
export const HEADER_SEARCH_ROWS = 10;

/**
 * Which of the first rows of a file is its header: the first that has every required column;
 * else the one with the most known headers (so the error names what is missing from it); else
 * the first row. A title row ("XX镇来返人员报备表", merged across the columns) has none.
 */
export function locateHeader(kind: ImportKind, rows: ReadonlyArray<readonly string[]>): number {
  let best = 0;
  let bestScore = 0;
  for (let i = 0; i < rows.length && i < HEADER_SEARCH_ROWS; i++) {
    const s = score(kind, rows[i]);
    if (s === 0) continue;
    if (mapHeader(kind, rows[i]).missing.length === 0) return i;
    if (s > bestScore) {
      best = i;
      bestScore = s;
    }
  }
  return best;
}
