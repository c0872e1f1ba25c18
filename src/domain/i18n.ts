/**
 * The one catalogue of words the tool shows a person: field labels, enum labels and
 * validation reasons, in Chinese and English. Pure data and a lookup; no I/O.
 */
export type Lang = 'zh' | 'en';

export function langFrom(explicit: string | undefined, envLang: string | undefined): Lang {
  if (explicit) {
    const l = explicit.toLowerCase();
    if (l.startsWith('zh')) return 'zh';
    if (l.startsWith('en')) return 'en';
  }
  return envLang && envLang.toLowerCase().startsWith('zh') ? 'zh' : 'en';
}

type Text = { zh: string; en: string };

export const FIELD_LABELS: Record<string, Text> = {
  id: { zh: '编号', en: 'ID' },
  name: { zh: '姓名', en: 'Name' },
  id_number: { zh: '身份证号', en: 'ID number' },
  phone: { zh: '手机号', en: 'Phone' },
  origin: { zh: '来源地', en: 'Origin' },
  arrival_date: { zh: '抵达日期', en: 'Arrival date' },
  arrival_time: { zh: '抵达时刻', en: 'Arrival time' },
  transport: { zh: '交通方式', en: 'Transport' },
  vehicle: { zh: '车次/车牌', en: 'Vehicle' },
  destination: { zh: '目的地', en: 'Destination' },
  township: { zh: '乡镇', en: 'Township' },
  contact_type: { zh: '接触类型', en: 'Contact' },
  exposure_date: { zh: '末次暴露日期', en: 'Last exposure' },
  note: { zh: '备注', en: 'Note' },
  birth_date: { zh: '出生日期', en: 'Birth date' },
  sex: { zh: '性别', en: 'Sex' },
  arrivals: { zh: '抵达次数', en: 'Arrivals' },
  today: { zh: '今天', en: 'today' },
  date: { zh: '日期', en: 'date' },
  from: { zh: '起始日期', en: 'from' },
  to: { zh: '截止日期', en: 'to' },
  file: { zh: '文件', en: 'file' },
  encoding: { zh: '编码', en: 'encoding' },
  format: { zh: '输出格式', en: 'format' },
};

export const VALUE_LABELS: Record<string, Record<string, Text>> = {
  transport: {
    train: { zh: '火车', en: 'train' },
    plane: { zh: '飞机', en: 'plane' },
    car: { zh: '自驾', en: 'car' },
    bus: { zh: '客车', en: 'bus' },
    ship: { zh: '轮船', en: 'ship' },
    other: { zh: '其他', en: 'other' },
  },
  contact_type: {
    close: { zh: '密接', en: 'close contact' },
    secondary: { zh: '次密接', en: 'secondary contact' },
    none: { zh: '无', en: 'none' },
  },
  sex: {
    male: { zh: '男', en: 'male' },
    female: { zh: '女', en: 'female' },
  },
};

/** Validation reasons. `{x}` is replaced by params.x. */
export const REASONS: Record<string, Text> = {
  required: { zh: '不能为空', en: 'is required' },
  too_long: { zh: '过长（最多{max}个字）', en: 'is too long (at most {max} characters)' },
  control_chars: { zh: '含有不可见的控制字符', en: 'contains control characters' },
  name_digits: { zh: '不能含数字', en: 'must not contain digits' },
  id_masked: {
    zh: '是打码后的号码（含*），请用 --reveal 导出原始号码',
    en: 'is masked (contains *): export it with --reveal to get the full number',
  },
  id_length: { zh: '应为18位（或15位旧号码），实为{n}位', en: 'must be 18 characters (or an old 15-digit number), got {n}' },
  id_chars: { zh: '前17位应为数字，末位为数字或X', en: 'must be 17 digits followed by a digit or X' },
  id_region: { zh: '地区码{code}不是有效的省级代码', en: 'region code {code} is not a valid province code' },
  id_birth: { zh: '出生日期{date}不是有效日期', en: 'birth date {date} is not a real date' },
  id_birth_future: { zh: '出生日期{date}晚于今天', en: 'birth date {date} is in the future' },
  id_check: { zh: '校验位应为{expected}，实为{actual}', en: 'check digit should be {expected}, not {actual}' },
  phone: {
    zh: '应为11位大陆手机号（1开头，第二位3-9），实为“{value}”',
    en: 'must be an 11-digit mainland mobile number (1, then 3-9, then 9 digits), got "{value}"',
  },
  date: {
    zh: '“{value}”不是有效日期（应为 2022-11-20 或 2022/11/20）',
    en: '"{value}" is not a real date (expected 2022-11-20 or 2022/11/20)',
  },
  time: { zh: '“{value}”不是有效时间（应为 HH:MM）', en: '"{value}" is not a valid time (expected HH:MM)' },
  date_future: { zh: '{value}晚于今天（{today}）', en: '{value} is in the future (today is {today})' },
  enum: { zh: '“{value}”无效，应为：{allowed}', en: '"{value}" is not one of: {allowed}' },
  exposure_without_contact: {
    zh: '只有密接或次密接才填末次暴露日期',
    en: 'applies only to close or secondary contacts (set --contact)',
  },
  duplicate: {
    zh: '{id_number} 在 {date} 已有报备（编号 {id}）',
    en: '{id_number} is already registered for {date} (arrival {id})',
  },
  duplicate_in_file: { zh: '与第{row}行重复', en: 'duplicates row {row}' },
  missing_column: { zh: '缺少必需的列：{columns}', en: 'missing required column(s): {columns}' },
  unknown_arrival: { zh: '找不到“{key}”的报备记录', en: 'no arrival found for "{key}"' },
  row_columns: {
    zh: '列数与表头不符（{got}列，表头{expected}列）',
    en: 'has {got} fields but the header has {expected}',
  },
};

export function fill(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function reason(code: string, params: Record<string, unknown> = {}, lang: Lang = 'en'): string {
  const t = REASONS[code];
  return t ? fill(t[lang], params) : code;
}

export function fieldLabel(field: string, lang: Lang): string {
  return FIELD_LABELS[field]?.[lang] ?? field;
}

export function valueLabel(field: string, value: string | null | undefined, lang: Lang): string {
  if (value == null) return '';
  return VALUE_LABELS[field]?.[value]?.[lang] ?? value;
}
