/**
 * The one catalogue of words the tool shows a person: field labels, enum labels and
 * validation reasons, in Chinese and English. Pure data and a lookup; no I/O.
 */
export type Lang = 'zh' | 'en';

/** The one translator: a phrase in Chinese and in English, the one of the user's language returned. */
export type T = (zh: string, en: string) => string;

export function translator(lang: Lang): T {
  return lang === 'zh' ? (zh) => zh : (_zh, en) => en;
}

function named(s: string | undefined): Lang | undefined {
  const l = (s ?? '').trim().toLowerCase();
  if (l.startsWith('zh')) return 'zh';
  if (l.startsWith('en')) return 'en';
  return undefined;
}

/**
 * The user's language: --lang, else FANGKONG_LANG, else the locale (LC_ALL, LC_MESSAGES, LANG,
 * then the first of LANGUAGE's list, as gettext reads them), else the system's (`systemLocale`,
 * from Intl), else English. A locale that is neither Chinese nor English ("C") means English.
 */
export function langFrom(explicit: string | undefined, env: Record<string, string | undefined>, systemLocale?: string | (() => string | undefined)): Lang {
  const chosen = named(explicit) ?? named(env.FANGKONG_LANG);
  if (chosen) return chosen;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || env.LANGUAGE?.split(':')[0];
  if (locale) return named(locale) ?? 'en';
  // asked for only here: the system's locale (Intl) costs milliseconds at start-up
  return named(typeof systemLocale === 'function' ? systemLocale() : systemLocale) ?? 'en';
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
  entry_date: { zh: '入境日期', en: 'Entry date' },
  left_date: { zh: '离开风险区日期', en: 'Left risk area' },
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
  row: { zh: '行', en: 'row' },
  policy: { zh: '管控措施', en: 'Policy' },
  policy_name: { zh: '措施名称', en: 'Policy name' },
  category: { zh: '类别', en: 'Category' },
  region: { zh: '地区', en: 'Region' },
  level: { zh: '风险等级', en: 'Level' },
  valid_from: { zh: '起始', en: 'From' },
  valid_to: { zh: '截止', en: 'To' },
  site: { zh: '隔离点', en: 'Site' },
  capacity: { zh: '容量', en: 'Capacity' },
  occupied: { zh: '在住', en: 'Occupied' },
  free: { zh: '空余', en: 'Free' },
  address: { zh: '地址', en: 'Address' },
  head: { zh: '点长', en: 'Site head' },
  reason: { zh: '原因', en: 'Reason' },
  start: { zh: '开始日期', en: 'Start' },
  start_date: { zh: '开始日期', en: 'Start' },
  release_date: { zh: '解除日期', en: 'Release' },
  end: { zh: '结束日期', en: 'End' },
  checkpoint: { zh: '卡点', en: 'Checkpoint' },
  kind: { zh: '类型', en: 'Kind' },
  location: { zh: '位置', en: 'Location' },
  time: { zh: '查验时间', en: 'Time' },
  inspected_at: { zh: '查验时间', en: 'Time' },
  passengers: { zh: '人数', en: 'People' },
  code: { zh: '健康码', en: 'Health code' },
  travel_star: { zh: '行程码带星', en: 'Travel star' },
  test_time: { zh: '核酸时间', en: 'Test time' },
  test_result: { zh: '核酸结果', en: 'Test result' },
  temperature: { zh: '体温', en: 'Temp.' },
  action: { zh: '处置', en: 'Action' },
  anomalies: { zh: '异常', en: 'Anomalies' },
  inspections: { zh: '查验', en: 'Inspections' },
  people: { zh: '人数', en: 'People' },
  vehicles: { zh: '车辆', en: 'Vehicles' },
  sample_time: { zh: '采样时间', en: 'Sample time' },
  lab: { zh: '检测机构', en: 'Lab' },
  result: { zh: '结果', en: 'Result' },
  test_date: { zh: '检测日期', en: 'Test date' },
  where: { zh: '地点', en: 'Where' },
  day: { zh: '第几天', en: 'Day' },
  done: { zh: '已检', en: 'Done' },
  flag: { zh: '标记', en: 'Flag' },
  unit: { zh: '单位', en: 'Unit' },
  audit_at: { zh: '时间', en: 'Time' },
  actor: { zh: '操作人', en: 'Actor' },
  audit_action: { zh: '操作', en: 'Action' },
  record: { zh: '记录', en: 'Record' },
  old: { zh: '原安排', en: 'Old phases' },
  new: { zh: '新安排', en: 'New phases' },
  arrival: { zh: '报备', en: 'Arrival' },
  arrival_id: { zh: '报备编号', en: 'Arrival' },
  phase: { zh: '阶段', en: 'Phase' },
  phase_day: { zh: '第几天', en: 'Day' },
  phases: { zh: '阶段', en: 'Phases' },
  tests: { zh: '检测日', en: 'Test days' },
  test_dates: { zh: '核酸检测日期', en: 'Test dates' },
  source: { zh: '依据', en: 'Source' },
  in_force_from: { zh: '施行日期', en: 'In force from' },
  who: { zh: '适用人群', en: 'Who' },
  days: { zh: '天数', en: 'Days' },
  chosen_by: { zh: '依据规则', en: 'Chosen by' },
  local: { zh: '本地', en: 'Local' },
  place: { zh: '所在', en: 'Where' },
  old_release_date: { zh: '原解除日期', en: 'Old release' },
  new_release_date: { zh: '新解除日期', en: 'New release' },
  effect: { zh: '变化', en: 'Effect' },
  measure_id: { zh: '措施编号', en: 'Measure' },
  timezone: { zh: '时区', en: 'Time zone' },
  county: { zh: '县代码', en: 'County' },
  origin_code: { zh: '来源地代码', en: 'Origin code' },
  origin_name: { zh: '来源地（规范名称）', en: 'Origin (full name)' },
  // issue 11
  override_reason: { zh: '处置原因', en: 'Override reason' },
  reason_given: { zh: '原因', en: 'Reason' },
  verdict: { zh: '结论', en: 'Verdict' },
  decision: { zh: '研判结论', en: 'Decision' },
  state: { zh: '状态', en: 'State' },
  test_validity_hours: { zh: '核酸有效时长（小时）', en: 'Test valid for (h)' },
  test_check: { zh: '查验核酸', en: 'Test checked' },
  // issue 14: documents
  doc_type: { zh: '证件类型', en: 'Document' },
  advance_days: { zh: '提前报备天数', en: 'Days ahead' },
  doc_number: { zh: '证件号码', en: 'Document number' },
  doc_country: { zh: '国籍/签发国', en: 'Issuing country' },
  expected_next_day: { zh: '次日预计抵达', en: 'Expected next day' },
  awaiting_site: { zh: '待安排隔离点', en: 'Awaiting a site' },
  fever_celsius: { zh: '发热标准（℃）', en: 'Fever at (°C)' },
  red: { zh: '红码', en: 'Red' },
  yellow: { zh: '黄码', en: 'Yellow' },
  green: { zh: '绿码', en: 'Green' },
  status: { zh: '状态', en: 'Status' },
  local_validity: { zh: '本地设置', en: 'Local limit' },
  // issue 24: where the days count from, several categories at once
  anchor: { zh: '起算日', en: 'Counted from' },
  since_arrival: { zh: '抵达天数', en: 'Days since arrival' },
  reasons: { zh: '适用类别', en: 'Categories' },
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
  doc_type: {
    resident_id: { zh: '居民身份证', en: 'resident ID' },
    hkmo_permit: { zh: '港澳居民来往内地通行证', en: 'HK/Macao travel permit' },
    tw_permit: { zh: '台湾居民来往大陆通行证', en: 'Taiwan travel permit' },
    foreign_pr: { zh: '外国人永久居留身份证', en: 'foreign permanent resident ID' },
    passport: { zh: '护照', en: 'passport' },
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
  phase: {
    centralized: { zh: '集中隔离', en: 'centralised quarantine' },
    home_quarantine: { zh: '居家隔离', en: 'home quarantine' },
    health_monitoring: { zh: '居家健康监测', en: 'home health monitoring' },
  },
  category: {
    close: { zh: '密接', en: 'close contact' },
    secondary: { zh: '次密接', en: 'secondary contact' },
    inbound: { zh: '入境人员', en: 'inbound traveller' },
    high: { zh: '高风险区', en: 'high-risk area' },
    medium: { zh: '中风险区', en: 'medium-risk area' },
    low: { zh: '低风险区', en: 'low-risk area' },
  },
  level: {
    high: { zh: '高风险', en: 'high' },
    medium: { zh: '中风险', en: 'medium' },
    low: { zh: '低风险', en: 'low' },
  },
  place: {
    site: { zh: '隔离点', en: 'site' },
    home: { zh: '居家', en: 'home' },
    unplaced: { zh: '待安排隔离点', en: 'awaiting a site' },
  },
  code: {
    green: { zh: '绿码', en: 'green' },
    yellow: { zh: '黄码', en: 'yellow' },
    red: { zh: '红码', en: 'red' },
  },
  action: {
    pass: { zh: '放行', en: 'pass' },
    refer: { zh: '转送', en: 'refer' },
    quarantine: { zh: '隔离', en: 'quarantine' },
    turn_back: { zh: '劝返', en: 'turn back' },
    // issue 11
    transfer: { zh: '转运', en: 'transfer' },
    return: { zh: '送返', en: 'return' },
  },
  kind: {
    road: { zh: '公路卡点', en: 'road' },
    rail: { zh: '火车站', en: 'rail' },
    bus: { zh: '汽车站', en: 'bus' },
    airport: { zh: '机场', en: 'airport' },
    port: { zh: '港口', en: 'port' },
    other: { zh: '其他', en: 'other' },
  },
  anomaly: {
    red_code: { zh: '红码', en: 'red code' },
    yellow_code: { zh: '黄码', en: 'yellow code' },
    fever: { zh: '发热', en: 'fever' },
    travel_star: { zh: '行程码带星', en: 'starred travel code' },
    test_positive: { zh: '核酸阳性', en: 'positive test' },
    test_expired: { zh: '核酸超时', en: 'test too old' },
    no_test: { zh: '无核酸', en: 'no test' },
    // issue 11
    test_time_unknown: { zh: '核酸采样时间不明', en: 'test time unknown' },
    positive_on_record: { zh: '登记在案的核酸阳性', en: 'positive test on record' },
    in_centralized: { zh: '集中隔离期间', en: 'in centralised quarantine' },
    in_home_quarantine: { zh: '居家隔离期间', en: 'in home quarantine' },
    home_monitoring: { zh: '居家健康监测期间', en: 'under home health monitoring' },
    // issue 24
    origin_measure: { zh: '来源地须管控', en: 'origin requires a measure' },
  },
  result: {
    negative: { zh: '阴性', en: 'negative' },
    positive: { zh: '阳性', en: 'positive' },
    pending: { zh: '待出', en: 'pending' },
    none: { zh: '无', en: 'none' },
  },
  effect: {
    released: { zh: '即日解除', en: 'released now' },
    shortened: { zh: '缩短', en: 'shortened' },
    extended: { zh: '延长', en: 'extended' },
    unchanged: { zh: '不变', en: 'unchanged' },
    // issue 11
    moved_home: { zh: '转为居家', en: 'moved home' },
    moved_to_monitoring: { zh: '转为健康监测', en: 'moved to monitoring' },
    back_into_quarantine: { zh: '重新隔离', en: 'back into quarantine' },
  },
  // issue 24
  anchor: {
    exposure: { zh: '末次暴露次日', en: 'day after last exposure' },
    entry: { zh: '入境日期', en: 'entry date' },
    left_area: { zh: '离开风险区之日', en: 'day left the risk area' },
    managed: { zh: '纳入管理之日', en: 'day brought under management' },
    arrival: { zh: '抵达日期', en: 'arrival date' },
  },
  // issue 11
  verdict: {
    pass: { zh: '放行', en: 'let through' },
    refer: { zh: '异常，转送', en: 'anomaly, referred' },
    restricted: { zh: '限制外出', en: 'restricted' },
    stop: { zh: '不得放行', en: 'not let through' },
  },
  restriction: {
    necessities_only: { zh: '仅限必要外出', en: 'out for necessities only' },
    no_public_transport: { zh: '不乘坐公共交通', en: 'no public transport' },
    no_crowded_places: { zh: '不去人员密集场所', en: 'no crowded places' },
  },
  notify: {
    township: { zh: '通知所在乡镇', en: 'notify the township' },
    health: { zh: '通知卫健、疾控', en: 'notify the health authority' },
  },
  decision: {
    confirmed: { zh: '已确诊', en: 'confirmed' },
    false_positive: { zh: '假阳性（复检排除）', en: 'false positive (ruled out on retest)' },
    transferred: { zh: '已转运', en: 'transferred to hospital' },
  },
  status: {
    active: { zh: '进行中', en: 'active' },
    released: { zh: '已解除', en: 'released' },
    ended_by_rule: { zh: '按规定终止', en: 'ended by rule' },
    transferred: { zh: '已转运', en: 'transferred' },
    cancelled: { zh: '已撤销', en: 'cancelled' },
    superseded: { zh: '已调整', en: 'superseded' },
  },
  state: {
    done: { zh: '已检', en: 'done' },
    pending: { zh: '已采样待结果', en: 'sampled, awaiting result' },
    missing: { zh: '未检', en: 'not sampled' },
  },
};

/** Validation reasons. `{x}` is replaced by params.x. */
export const REASONS: Record<string, Text> = {
  required: { zh: '不能为空', en: 'is required' },
  too_long: { zh: '过长（最多{max}个字）', en: 'is too long (at most {max} characters)' },
  control_chars: { zh: '含有不可见的控制字符', en: 'contains control characters' },
  undecoded: { zh: '含有无法识别的字符（U+FFFD）：文字不是 UTF-8 编码（终端或文件是 GBK？），请改用 UTF-8 后重试', en: 'contains undecodable bytes (U+FFFD): the text is not UTF-8 (a GBK terminal or file?): use UTF-8 and try again' },
  hidden_char: { zh: '含有不可见字符或控制字符（{char}），请删去后重试', en: 'contains an invisible or control character ({char}): remove it and try again' },
  date_range: { zh: '“{value}”不在 1900 年至 2099 年之间', en: '"{value}" is not between the years 1900 and 2099' },
  before_birth: { zh: '{date} 早于身份证号上的出生日期 {birth}', en: '{date} is before the birth date of the ID number ({birth})' },
  name_digits: { zh: '不能含数字', en: 'must not contain digits' },
  id_masked: {
    zh: '是打码后的号码（含*），请用 --reveal 导出原始号码',
    en: 'is masked (contains *): export it with --reveal to get the full number',
  },
  id_length: { zh: '应为18位（或15位旧号码），实为{n}位', en: 'must be 18 characters (or an old 15-digit number), got {n}' },
  id_chars: { zh: '前17位应为数字，末位为数字或X', en: 'must be 17 digits followed by a digit or X' },
  id_region: { zh: '地区码{code}不是有效的省级代码', en: 'region code {code} is not a valid province code' },
  id_birth: { zh: '出生日期{date}不是有效日期', en: 'birth date {date} is not a real date' },
  id_birth_old: { zh: '出生日期{date}早于{earliest}年：请核对身份证号', en: 'birth date {date} is before {earliest}: check the ID number' },
  id_birth_future: { zh: '出生日期{date}晚于今天', en: 'birth date {date} is in the future' },
  id_check: { zh: '校验位应为{expected}，实为{actual}', en: 'check digit should be {expected}, not {actual}' },
  phone: {
    zh: '“{value}”不是有效的电话号码：大陆手机号11位（1开头，第二位3-9），座机带区号（0771-5551234），境外号码带国家或地区代码（+852 9123 4567）',
    en: '"{value}" is not a valid phone number: a mainland mobile has 11 digits (1, then 3-9), a landline its area code (0771-5551234), a number abroad its country code (+852 9123 4567)',
  },
  doc_hkmo: { zh: '港澳居民来往内地通行证号码应为 H 或 M 加8位数字（如 H12345678），实为“{value}”', en: 'a Mainland Travel Permit for HK and Macao residents is H or M and 8 digits (e.g. H12345678), got "{value}"' },
  doc_tw: { zh: '台湾居民来往大陆通行证号码应为8位数字（如 12345678），实为“{value}”', en: 'a Mainland Travel Permit for Taiwan residents is 8 digits (e.g. 12345678), got "{value}"' },
  doc_pr: { zh: '外国人永久居留身份证号码应为3位字母加12位数字，或9开头的18位，实为“{value}”', en: 'a foreign permanent resident ID is 3 letters and 12 digits, or 18 characters starting with 9, got "{value}"' },
  doc_pr_country: { zh: '前3位{code}不是国家代码（ISO 3166 三位字母）', en: 'the first 3 letters {code} are not a country code (ISO 3166 alpha-3)' },
  advance_days: { zh: '应为0至{max}的整数（天），实为“{value}”', en: 'must be a whole number of days from 0 to {max}, got "{value}"' },
  country_not_passport: { zh: '只有护照才填国籍/签发国', en: 'applies only to passports (set the document type to passport)' },
  doc_passport: { zh: '护照号码应为5至17位字母或数字，实为“{value}”', en: 'a passport number is 5 to 17 letters or digits, got "{value}"' },
  country_unknown: { zh: '“{value}”不是已知的国家（可写三位字母代码如 USA，或中文名如 美国）', en: '"{value}" is not a known country (write its 3-letter code, e.g. USA, or its name)' },
  date: {
    zh: '“{value}”不是有效日期（应为 2022-11-20 或 2022/11/20）',
    en: '"{value}" is not a real date (expected 2022-11-20 or 2022/11/20)',
  },
  time: { zh: '“{value}”不是有效时间（应为 HH:MM）', en: '"{value}" is not a valid time (expected HH:MM)' },
  time_other_day: { zh: '“{value}”与抵达日期 {date} 不是同一天', en: '"{value}" is not on the arrival date {date}' },
  date_future: { zh: '{value}晚于今天（{today}）', en: '{value} is in the future (today is {today})' },
  enum: { zh: '“{value}”无效，应为：{allowed}', en: '"{value}" is not one of: {allowed}' },
  since_arrival: {
    zh: '“{value}”不是抵达天数的条件：应为 <14、>=14 这样的写法',
    en: '"{value}" is not a days-since-arrival condition: write it as <14 or >=14',
  },
  entry_after_arrival: {
    zh: '入境日期 {value} 晚于抵达日期 {arrival}',
    en: 'entry date {value} is after the arrival date {arrival}',
  },
  left_after_arrival: {
    zh: '{value} 晚于抵达日期 {arrival}（离开风险区应在抵达之前或当天）',
    en: '{value} is after the arrival date {arrival} (the risk area is left before or on the arrival day)',
  },
  exposure_without_contact: {
    zh: '只有密接或次密接才填末次暴露日期',
    en: 'applies only to close or secondary contacts (set --contact)',
  },
  duplicate: {
    zh: '{id_number} 在 {date} 已有报备（编号 {id}）',
    en: '{id_number} is already registered for {date} (arrival {id})',
  },
  duplicate_in_file: { zh: '与第{row}行重复', en: 'duplicates row {row}' },
  missing_column: {
    zh: '缺少必需的列：{columns_zh}（表头在第{row}行；列名见 --help）',
    en: 'missing required column(s): {columns} (header in row {row}; see --help for the names)',
  },
  repeated_column: {
    zh: '“{field}”有不止一列：{columns}（表头在第{row}行）。请只留一列后重试',
    en: 'more than one column for "{field_en}": {columns_en} (header in row {row}). Keep one and try again',
  },
  unknown_columns: {
    zh: '有无法识别的列：{columns_zh}。请改为标准列名（见 --help）或删掉这些列；要把其内容记入备注，加 --keep-extra-columns',
    en: 'unknown column(s) with values: {columns}. Rename them (see --help) or delete them; to keep their values in the note, add --keep-extra-columns',
  },
  unknown_columns_ignore: {
    zh: '有无法识别的列：{columns_zh}。请改为标准列名（见 --help）或删掉这些列；要忽略它们，加 --keep-extra-columns',
    en: 'unknown column(s) with values: {columns}. Rename them (see --help) or delete them; to ignore them, add --keep-extra-columns',
  },
  xls_file: {
    zh: '{file} 是旧版 Excel（.xls）或加密的工作簿，无法读取：请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV（UTF-8）后再导入',
    en: '{file} is an old Excel .xls (or an encrypted) workbook, which cannot be read: save it as .xlsx or CSV (UTF-8) in Excel or WPS and import that',
  },
  binary_file: {
    zh: '{file} 不是表格文件（CSV 或 .xlsx）：请在 Excel 或 WPS 中“另存为” .xlsx 或 CSV（UTF-8）后再导入',
    en: '{file} is not a spreadsheet (CSV or .xlsx): save it as .xlsx or CSV (UTF-8) in Excel or WPS and import that',
  },
  xlsx_broken: { zh: '{file} 不是完好的 .xlsx 工作簿（{detail}）：请用 Excel 或 WPS 打开后重新保存', en: '{file} is not a sound .xlsx workbook ({detail}): open it in Excel or WPS and save it again' },
  xlsx_too_large: { zh: '{file} 太大，读取工作簿时内存不够：请另存为 CSV（UTF-8）后再导入', en: '{file} is too large to read as a workbook: save it as CSV (UTF-8) and import that' },
  no_sheet: { zh: '{file} 中没有名为“{sheet}”的工作表（有：{sheets}）', en: '{file} has no sheet "{sheet}" (it has: {sheets})' },
  sheet_not_workbook: { zh: '{file} 不是 .xlsx 工作簿，--sheet 只用于 .xlsx', en: '{file} is not an .xlsx workbook: --sheet is for workbooks' },
  mixed_encoding: {
    zh: '{file} 第{row}行起不是 UTF-8 编码，而前面的行是：文件混用了编码。请在 Excel 或 WPS 中重新“另存为” CSV（UTF-8）或 .xlsx',
    en: '{file} is not UTF-8 from row {row} on, though the rows before are: the file mixes encodings. Save it again as CSV (UTF-8) or .xlsx',
  },
  not_utf8: {
    zh: '{file} 第{row}行不是 UTF-8 编码：去掉 --encoding utf8 让程序识别，或指明 --encoding gb18030',
    en: '{file} is not UTF-8 in row {row}: leave out --encoding utf8 to have it detected, or give --encoding gb18030',
  },
  bad_bytes: {
    zh: '{file} 第{row}行有按 {encoding} 编码读不出的字节：请重新“另存为” CSV（UTF-8）或 .xlsx，或用 --encoding 指明编码',
    en: '{file} has bytes in row {row} that are not {encoding}: save it again as CSV (UTF-8) or .xlsx, or give --encoding',
  },
  place_unknown: {
    zh: '“{value}”对不上任何省、市、县（区）：请写出省市县，如“广东省广州市海珠区”或“广州海珠”',
    en: '"{value}" matches no province, city or county: write it with its province, city and county, like 广东省广州市海珠区 or 广州海珠',
  },
  place_ambiguous: { zh: '“{value}”可指多处：{candidates}，请写出省或市', en: '"{value}" could be any of {candidates}: add its province or city' },
  area_inbound: { zh: '“{value}”在境外（含港澳台）：入境人员按入境规则管理，不设风险区', en: '"{value}" is outside the mainland: arrivals from there are inbound, with no risk area' },
  scientific: {
    zh: '“{value}”是科学计数法，Excel 已丢掉了后几位：把该列设置为文本格式后重新填写',
    en: '"{value}" is in scientific notation, so Excel has lost its last digits: format the column as text in Excel and enter the numbers again',
  },
  unknown_arrival: { zh: '找不到“{key}”的报备记录', en: 'no arrival found for "{key}"' },
  unknown_inspection: { zh: '找不到编号为 {id} 的查验记录（或已作废）', en: 'no inspection {id} (or it was voided already)' },
  policy_not_object: { zh: '应为一个 JSON 对象', en: 'must be a JSON object' },
  policy_id: { zh: '编号“{value}”无效（字母、数字、+ . _ -，最多64个）', en: 'id "{value}" is not valid (letters, digits, + . _ -, at most 64)' },
  policy_name: { zh: '需要中英文名称 {"zh": …, "en": …}', en: 'needs a name in both languages {"zh": …, "en": …}' },
  policy_phases: { zh: '应为阶段列表', en: 'must be a list of phases' },
  policy_empty: { zh: '没有阶段时须给出检测日 tests', en: 'a policy without phases needs its test days (tests)' },
  phase_days: { zh: '天数“{value}”应为1到60的整数', en: 'days "{value}" must be a whole number from 1 to 60' },
  phase_tests: { zh: '应给出检测日列表 tests（可为空）', en: 'needs a list of test days (tests, may be empty)' },
  test_outside_phase: { zh: '检测日 {value} 不在本阶段的第1到{days}天内', en: 'test day {value} is not within days 1 to {days} of the phase' },
  test_repeated: { zh: '检测日重复', en: 'has a test day twice' },
  unknown_policy: { zh: '没有编号为“{id}”的管控措施（fangkong policy list 查看）', en: 'no policy "{id}" (see fangkong policy list)' },
  policy_exists: { zh: '编号“{id}”已存在', en: 'a policy "{id}" exists already' },
  to_before_from: { zh: '截止日期 {to} 早于起始日期 {from}', en: 'ends ({to}) before it starts ({from})' },
  unknown_area: { zh: '“{region}”在 {date} 及以后没有风险区记录', en: 'no risk area "{region}" in force on or after {date}' },
  capacity: { zh: '“{value}”应为正整数', en: '"{value}" must be a whole number above 0' },
  site_exists: { zh: '隔离点“{name}”已存在', en: 'a site "{name}" exists already' },
  unknown_site: { zh: '没有名为“{name}”的隔离点（fangkong site list 查看）', en: 'no site "{name}" (see fangkong site list)' },
  site_without_centralized: { zh: '措施 {policy} 没有集中隔离阶段，不需要隔离点', en: 'policy {policy} has no centralised phase, so no site' },
  site_full: {
    zh: '隔离点“{name}”{date} 已满（{occupied}/{capacity}），换一个隔离点，或加 --force',
    en: 'site "{name}" is full on {date} ({occupied}/{capacity}): choose another site, or add --force',
  },
  already_assigned: {
    zh: '报备 {id} 已有措施 {policy}（措施编号 {measure}）：先解除，或用 quarantine reassess',
    en: 'arrival {id} already has policy {policy} (measure {measure}): release it first, or use quarantine reassess',
  },
  no_measure: { zh: '报备 {id} 没有任何管控措施', en: 'arrival {id} has no measure' },
  no_active_measure: { zh: '报备 {id} 没有进行中的管控措施', en: 'arrival {id} has no measure in progress' },
  release_before_start: { zh: '{date} 早于措施开始日期 {start}', en: '{date} is before the measure starts ({start})' },
  cancel_after_end: { zh: '{date} 不早于解除日期 {release}：措施已执行完毕，不能撤销', en: '{date} is not before the release date ({release}): the measure was served and cannot be cancelled' },
  release_after_end: { zh: '{date} 晚于计划解除日期 {release}', en: '{date} is after the planned release date ({release})' },
  outside_measure: { zh: '{date} 不在措施期间（{start} 至 {end}）', en: '{date} is outside the measure ({start} to {end})' },
  id_or_vehicle: { zh: '身份证号和车牌至少填一项', en: 'give an ID number or a vehicle (or both)' },
  passengers: { zh: '“{value}”应为1以上的整数', en: '"{value}" must be a whole number of 1 or more' },
  yes_no: { zh: '“{value}”应为 是/否', en: '"{value}" should be yes or no' },
  test_after_inspection: { zh: '核酸时间“{value}”晚于查验时间', en: 'test time "{value}" is after the inspection' },
  temperature: { zh: '“{value}”不是人的体温（应在{min}到{max}℃之间）', en: '"{value}" is not a human temperature ({min} to {max} °C)' },
  not_let_through: { zh: '{anomalies}：不得放行，请用 --action refer|quarantine|turn_back|transfer|return', en: '{anomalies}: not to be let through; use --action refer|quarantine|turn_back|transfer|return' },
  checkpoint_exists: { zh: '卡点“{name}”已存在', en: 'a checkpoint "{name}" exists already' },
  unknown_checkpoint: { zh: '没有名为“{name}”的卡点（fangkong checkpoint list 查看）', en: 'no checkpoint "{name}" (see fangkong checkpoint list)' },
  inspection_exists: { zh: '{time} 这条查验记录已存在', en: 'this inspection at {time} is recorded already' },
  result_exists: { zh: '{date} 的检测结果已登记', en: 'a result for {date} is recorded already' },
  date_too_far: { zh: '“{value}”晚于今天（{today}）{days} 天以上：提前报备最多提前 {days} 天', en: '{value} is more than {days} days after today ({today}): registration in advance is up to {days} days ahead' },
  not_expected: { zh: '报备 {id} 不是提前报备（已于 {date} 抵达）', en: 'arrival {id} was not registered in advance (it arrived on {date})' },
  no_result_to_amend: { zh: '{date} 没有可更正的检测结果（先用 test record 登记）', en: 'no result of {date} to amend (record it with test record first)' },
  merge_not_report: { zh: '{file} 不是 fangkong 的日报 JSON（用 report daily --format json 生成）', en: '{file} is not a fangkong daily report in JSON (make one with report daily --format json)' },
  not_issued: { zh: '{unit} {date} 的日报没有上报记录（用 report daily --date {date} --out 文件 或 --record 上报时才记录）', en: 'no report of {date} was issued for {unit} (one is kept by report daily --date {date} --out FILE, or --record)' },
  issue_not_found: { zh: '没有第 {id} 号上报记录，或它不是 {date} 的日报（见 fangkong report history）', en: 'there is no issued report #{id} of {date} (see fangkong report history)' },
  merge_empty: { zh: '没有要合并的日报', en: 'no reports to merge' },
  merge_schema: { zh: '{unit} 的日报格式版本为 {version}，本程序能汇总的版本为 {expected}：请双方用同一版本的 fangkong', en: "{unit}'s report has schema version {version}, this fangkong adds up versions {expected}: use the same version of fangkong" },
  merge_date: { zh: '{unit} 的日报日期为 {date}，与 {expected} 不同：只能合并同一天的日报', en: "{unit}'s report is for {date}, not {expected}: only reports of one date add up" },
  merge_count: { zh: '{unit} 的报告中 {key} 不是有效的人数（{value}）：应为不小于 0 的整数，请核对后重发', en: 'in the report of {unit}, {key} is not a count ({value}): it must be a whole number, 0 or more; check the file' },
  merge_overlap: { zh: '{unit} 与 {other} 都含县 {county} 的数字，合并会重复计算：只合并同一级的报告（各县，或各市）', en: '{unit} and {other} both count county {county}: merged, it would be counted twice; merge reports of one level (counties, or cities)' },
  merge_duplicate_unit: { zh: '{unit} 出现了两次', en: '{unit} appears twice' },
  not_fangkong: { zh: '{file} 不是 fangkong 数据库', en: '{file} is not a fangkong database' },
  restore_newer: { zh: '{file} 由更新版本的 fangkong 写入（结构版本 {version}，本程序为 {latest}）：请先升级 fangkong', en: '{file} was written by a newer fangkong (schema {version}, this one knows {latest}): upgrade fangkong first' },
  // issue 18: a restore on PostgreSQL is of a pg_dump (db backup there), a restore into a file of an SQLite backup
  restore_sqlite_into_pg: {
    zh: '{file} 是 SQLite 备份，不能恢复到 PostgreSQL 数据库（这里恢复的是 db backup 用 pg_dump 写的备份）；要把它搬进 PostgreSQL：fangkong --db {file} db copy --to 新数据库的地址',
    en: '{file} is an SQLite backup: a PostgreSQL database is restored from a dump of db backup (pg_dump); to move the file into PostgreSQL: fangkong --db {file} db copy --to URL-of-a-new-database',
  },
  restore_dump_into_sqlite: {
    zh: '{file} 是 PostgreSQL 的备份（pg_dump），不能恢复到 SQLite 文件；先恢复到 PostgreSQL 数据库（fangkong --db postgres://… db restore {file}），再用 db copy --to 文件 搬出来',
    en: '{file} is a PostgreSQL dump (pg_dump), not an SQLite backup: restore it into a PostgreSQL database (fangkong --db postgres://… db restore {file}), then db copy --to FILE',
  },
  restore_older_dump: {
    zh: '{file} 的结构版本为 {version}，本数据库为 {latest}：先用 pg_restore 把它恢复到一个新数据库，用本版 fangkong 打开一次（如 db check，自动升级），再 db backup 重新备份后恢复',
    en: '{file} has schema {version}, this database {latest}: pg_restore it into a new database, open that once with this fangkong (db check brings it up to date), back it up with db backup, and restore that',
  },
  restore_corrupt: { zh: '{file} 未通过完整性检查（{detail}）', en: '{file} fails the integrity check ({detail})' },
  timezone: { zh: '“{value}”不是时区名称（应如 Asia/Shanghai）', en: '"{value}" is not a time zone (use a name like Asia/Shanghai)' },
  county_code: { zh: '“{value}”不是县级行政区划代码（六位，如 530102）', en: '"{value}" is not the code of a county-level division (six digits, like 530102)' },
  county_set: { zh: '本数据库的县代码已设为 {value}，不能更改（每条记录都带着它）', en: 'the county of this database is {value} already, and cannot change (every row carries it)' },
  // issue 18: a value PostgreSQL's staging table refused (its types and CHECKs are the table's)
  db_refused: {
    zh: '第{row}行的值被数据库拒绝（{detail}），未写入任何内容',
    en: 'row {row}: the value was refused by the database ({detail}): nothing was written',
  },
  row_columns: {
    zh: '列数与表头不符（{got}列，表头{expected}列）',
    en: 'has {got} fields but the header has {expected}',
  },
  // issue 11
  override_reason: {
    zh: '按规则应为 {suggested}（{anomalies}），改为 {action} 须用 --reason 说明原因（记入审计）',
    en: 'the rules say {suggested} ({anomalies}): to {action} instead, give --reason (it is audited)',
  },
  validity_hours: { zh: '“{value}”应为1到{max}的整数（小时）', en: '"{value}" must be a whole number of hours from 1 to {max}' },
  no_positive: { zh: '报备 {id} 没有{date}的阳性结果', en: 'arrival {id} has no positive result {date}' },
  ends_before_arrival: {
    zh: '按末次暴露 {exposure} 计算，措施 {start} 开始、{release} 解除，在抵达（{arrival}）之前已期满：不分配；如需管控请用 --start 指定开始日期',
    en: 'counted from the last exposure ({exposure}) the measure runs from {start} to the day before {release}, over before the arrival ({arrival}): not assigned; to assign one, give --start',
  },
  // issue 24: no measure that ends before it begins
  measure_before_arrival: {
    zh: '措施 {start} 开始、{release} 解除，整段在抵达（{arrival}）之前：不分配；如确需按此日期补录，请加 --backdate --reason 说明原因（记入审计）',
    en: 'the measure runs from {start} to the day before {release}, wholly before the arrival ({arrival}): not assigned; to record it on these dates anyway, add --backdate --reason TEXT (audited)',
  },
  measure_before_assigned: {
    zh: '措施 {start} 开始、{release} 解除，整段在今天（{today}）分配之前：不分配；如确需按此日期补录，请加 --backdate --reason 说明原因（记入审计）',
    en: 'the measure runs from {start} to the day before {release}, wholly before today ({today}) when it is assigned: not assigned; to record it on these dates anyway, add --backdate --reason TEXT (audited)',
  },
  rule_still_applies: {
    zh: '{date} 规则表对{category}仍为 {policy}：不是按规定终止；如确需终止，请用 --reason 说明',
    en: 'on {date} the rule table still gives {policy} for {category}: not ended by a rule; to end these measures anyway, give --reason',
  },
};

export function fill(template: string, params: Record<string, unknown> = {}): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

export function reason(code: string, params: Record<string, unknown> = {}, lang: Lang = 'en'): string {
  const t = REASONS[code];
  if (!t) return code;
  const p = { ...params };
  if (typeof p.anomalies === 'string') {
    p.anomalies = p.anomalies
      .split(',')
      .filter(Boolean)
      .map((a) => valueLabel('anomaly', a, lang))
      .join(lang === 'zh' ? '、' : ', ');
  }
  return fill(t[lang], p);
}

export function fieldLabel(field: string, lang: Lang): string {
  return FIELD_LABELS[field]?.[lang] ?? field;
}

/**
 * The value a word names: the value itself, or its label in either language (火车, 密接, 绿码 …),
 * as files accept them; null for a word that is none of `values`.
 */
export function valueFromLabel(field: string, raw: string, values: readonly string[]): string | null {
  const w = raw.trim().toLowerCase();
  for (const v of values) {
    const t = VALUE_LABELS[field]?.[v];
    if (w === v.toLowerCase() || (t && (w === t.zh.toLowerCase() || w === t.en.toLowerCase()))) return v;
  }
  return null;
}

export function valueLabel(field: string, value: string | null | undefined, lang: Lang): string {
  if (value == null) return '';
  return VALUE_LABELS[field]?.[value]?.[lang] ?? value;
}
