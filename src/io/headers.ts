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

/** Column headers accepted on import, by kind of file, mapped to the field they feed. */
export const HEADER_ALIASES = {
  arrivals: {
    name: ['name', '姓名', '名字'],
    id_number: ['id_number', 'idnumber', 'id', '身份证号', '身份证号码', '身份证', '证件号码', '公民身份号码'],
    phone: ['phone', 'mobile', '手机号', '手机号码', '手机', '联系电话', '电话', '联系方式'],
    origin: ['origin', '来源地', '来源地区', '出发地', '来自', '来源', '从何地来'],
    arrival_date: ['arrival_date', 'arrivaldate', 'date', '抵达日期', '到达日期', '返乡日期', '来返日期', '抵达时间', '到达时间'],
    arrival_time: ['arrival_time', 'arrivaltime', '抵达时刻', '到达时刻'],
    transport: ['transport', '交通方式', '交通工具', '出行方式'],
    vehicle: ['vehicle', '车次/车牌', '车次', '车牌', '车牌号', '航班号', '车次航班', '车次/航班/车牌'],
    destination: ['destination', '目的地', '现住址', '居住地址', '目的地址', '居住地', '落脚点'],
    township: ['township', '乡镇', '所属乡镇', '乡镇(街道)', '乡镇（街道）', '街道'],
    contact_type: ['contact_type', 'contacttype', 'contact', '接触类型', '密接类型', '人员类型'],
    exposure_date: ['exposure_date', 'exposuredate', '末次暴露日期', '暴露日期', '末次接触日期'],
    note: ['note', 'notes', 'remark', '备注'],
  } satisfies Record<ArrivalField, readonly string[]>,
  inspections: {
    checkpoint: ['checkpoint', '卡点', '查验点', '检查站'],
    time: ['time', 'inspected_at', '查验时间', '检查时间', '时间'],
    id_number: ['id_number', '身份证号', '身份证号码', '证件号码'],
    name: ['name', '姓名'],
    phone: ['phone', '手机号', '联系电话', '电话'],
    vehicle: ['vehicle', '车牌', '车牌号', '车次', '车辆'],
    passengers: ['passengers', '乘客数', '人数', '车上人数'],
    code: ['code', '健康码', '健康码颜色'],
    travel_star: ['travel_star', '行程码带星', '行程码', '带星'],
    test_time: ['test_time', '核酸时间', '核酸采样时间', '最近核酸时间'],
    test_result: ['test_result', '核酸结果', '核酸检测结果'],
    temperature: ['temperature', 'temp', '体温'],
    action: ['action', '处置', '处置结果', '处置方式'],
    origin: ['origin', '来源地', '出发地'],
  } satisfies Record<InspectionField, readonly string[]>,
  tests: {
    id_number: ['id_number', '身份证号', '身份证号码', '证件号码'],
    name: ['name', '姓名'],
    date: ['test_date', 'date', '采样日期', '检测日期', '日期'],
    result: ['result', '检测结果', '结果', '核酸结果'],
    sample_time: ['sample_time', '采样时间'],
    lab: ['lab', '检测机构', '实验室'],
  } satisfies Record<TestField, readonly string[]>,
  areas: {
    region: ['region', '地区', '区域', '风险区', '地区名称'],
    level: ['level', '等级', '风险等级'],
    from: ['from', '开始日期', '起始日期', '生效日期'],
    to: ['to', '结束日期', '截止日期', '解除日期'],
  } satisfies Record<AreaField, readonly string[]>,
};

export type ImportKind = keyof typeof HEADER_ALIASES;
export const IMPORT_KINDS = Object.keys(HEADER_ALIASES) as ImportKind[];
/** The fields a kind of file can feed. */
export type FieldOf<K extends ImportKind> = keyof (typeof HEADER_ALIASES)[K] & string;

/**
 * The columns a file of each kind cannot be imported without. A list is "one of these": an
 * inspection names a person or a vehicle; when none is there the first is reported missing.
 */
export const REQUIRED_COLUMNS: { [K in ImportKind]: ReadonlyArray<FieldOf<K> | readonly FieldOf<K>[]> } = {
  arrivals: ARRIVAL_REQUIRED,
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
}

/** Maps a header row (English or Chinese names, any order) to the fields of a kind of file; the first column of a field wins. */
export function mapHeader<K extends ImportKind>(kind: K, header: readonly string[]): HeaderMap<FieldOf<K>> {
  const seen = new Set<FieldOf<K>>();
  const ignored: string[] = [];
  const columns = header.map((h) => {
    const f = headerField(kind, h);
    if (!f || seen.has(f)) {
      if (normaliseHeader(h) !== '') ignored.push(h);
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
  return { columns, missing, ignored };
}
