/**
 * Blank workbooks a township fills in (`fangkong template arrivals|inspections|tests|areas`):
 * a title row, Chinese headers the importer knows (io/headers.ts), ID number and phone columns
 * formatted as text (so Excel never turns an ID into 4.40105E+17), date columns as dates,
 * drop-down lists for the columns with fixed words (transport, contact type, code colour, test
 * result, risk level …), and a sheet of instructions with a sample row. A filled template imports
 * as it is: the title row is skipped, the headers and the words are the importer's own.
 */
import { VALUE_LABELS, type Lang } from '../domain/i18n.js';
import { writeFileAtomic } from './files.js';
import { chineseHeader, HEADER_ALIASES, REQUIRED_COLUMNS, type ImportKind } from './headers.js';
import { cellKindOf, displayWidth } from './xlsx-out.js';

export const TEMPLATE_KINDS = ['arrivals', 'inspections', 'tests', 'areas'] as const satisfies readonly ImportKind[];
export type TemplateKind = (typeof TEMPLATE_KINDS)[number];

/** Rows of the data sheet prepared with formats and drop-downs. */
export const TEMPLATE_ROWS = 1000;

const zhWords = (field: string, keys?: string[]) => (keys ?? Object.keys(VALUE_LABELS[field])).map((k) => VALUE_LABELS[field][k].zh);

/** The drop-down words of a kind's columns. */
const CHOICES: Record<TemplateKind, Record<string, string[]>> = {
  arrivals: { transport: zhWords('transport'), contact_type: ['无', '密接', '次密接'] },
  inspections: { code: zhWords('code'), travel_star: ['否', '是'], test_result: ['阴性', '阳性', '无'], action: zhWords('action') },
  tests: { result: zhWords('result', ['negative', 'positive', 'pending']) },
  areas: { level: ['高风险', '中风险', '低风险'] },
};

const TITLES: Record<TemplateKind, string> = {
  arrivals: '来返人员报备表',
  inspections: '卡点查验登记表',
  tests: '核酸检测结果表',
  areas: '风险区名单',
};

/** A sample row for the instructions sheet, by field. */
const SAMPLES: Record<TemplateKind, Record<string, string>> = {
  arrivals: {
    name: '张三', id_number: '11010519491231002X', phone: '13800138000', origin: '广东省广州市海珠区', arrival_date: '2022-11-20', transport: '火车',
    destination: '城关镇幸福路8号', arrival_time: '14:30', vehicle: 'G1234', township: '城关镇', contact_type: '无', exposure_date: '', note: '',
  },
  inspections: {
    checkpoint: '高速收费站卡点', time: '2022-11-20 08:30', id_number: '11010519491231002X', name: '张三', phone: '13800138000', vehicle: '粤A12345', passengers: '1',
    code: '绿码', travel_star: '否', test_time: '2022-11-19 10:00', test_result: '阴性', temperature: '36.5', action: '放行', origin: '广东省广州市',
  },
  tests: { id_number: '11010519491231002X', name: '张三', date: '2022-11-21', result: '阴性', sample_time: '2022-11-21 08:30', lab: '县人民医院' },
  areas: { region: '广东省广州市海珠区', level: '高风险', from: '2022-11-05', to: '' },
};

function fieldsOf(kind: TemplateKind): string[] {
  return Object.keys(HEADER_ALIASES[kind]);
}

function required(kind: TemplateKind): Set<string> {
  return new Set((REQUIRED_COLUMNS[kind] as ReadonlyArray<string | readonly string[]>).map((r) => (typeof r === 'string' ? r : r[0])));
}

/** Writes a kind's template workbook to a file (atomically). */
export async function writeTemplate(kind: TemplateKind, file: string, lang: Lang): Promise<{ kind: TemplateKind; file: string; columns: string[] }> {
  const { default: ExcelJS } = await import('exceljs');
  const fields = fieldsOf(kind);
  const headers = fields.map((f) => chineseHeader(kind, f));
  const need = required(kind);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'fangkong';
  const ws = wb.addWorksheet('填写', { views: [{ state: 'frozen', ySplit: 2 }] });
  ws.mergeCells(1, 1, 1, fields.length);
  const title = ws.getCell(1, 1);
  title.value = `（乡镇）${TITLES[kind]}`;
  title.font = { bold: true, size: 14 };
  title.alignment = { horizontal: 'center' };
  const head = ws.getRow(2);
  head.values = headers;
  head.font = { bold: true };
  const last = TEMPLATE_ROWS + 2;
  fields.forEach((f, i) => {
    const col = ws.getColumn(i + 1);
    const kindOfCell = cellKindOf(f === 'date' ? 'test_date' : f === 'time' ? 'inspected_at' : f);
    col.width = Math.max(10, displayWidth(headers[i]) + 4, f === 'id_number' ? 21 : f === 'phone' ? 14 : /origin|destination|region/.test(f) ? 24 : 0);
    if (need.has(f)) head.getCell(i + 1).font = { bold: true, color: { argb: 'FFC00000' } };
    const numFmt = kindOfCell === 'text' ? '@' : kindOfCell === 'date' ? 'yyyy-mm-dd' : kindOfCell === 'datetime' ? 'yyyy-mm-dd hh:mm' : undefined;
    const choices = CHOICES[kind][f];
    for (let r = 3; r <= last; r++) {
      const cell = ws.getCell(r, i + 1);
      if (numFmt) cell.numFmt = numFmt;
      if (choices) {
        cell.dataValidation = {
          type: 'list',
          allowBlank: true,
          formulae: [`"${choices.join(',')}"`],
          showErrorMessage: true,
          errorStyle: 'stop',
          errorTitle: headers[i],
          error: `请从下拉列表中选择：${choices.join('、')}`,
        };
      }
    }
  });

  const help = wb.addWorksheet(lang === 'zh' ? '填写说明' : 'instructions');
  help.getColumn(1).width = 18;
  help.getColumn(2).width = 70;
  const zh = lang === 'zh';
  const lines: Array<[string, string]> = [
    [zh ? '用途' : 'What', zh ? `${TITLES[kind]}：在“填写”工作表第3行起每行填一条，然后用 fangkong 导入。` : `${TITLES[kind]}: one record a row on the 填写 sheet from row 3, then import it with fangkong.`],
    [zh ? '导入' : 'Import', `fangkong ${kind === 'arrivals' ? 'arrival' : kind === 'inspections' ? 'inspect' : kind === 'tests' ? 'test' : 'area'} import 文件名.xlsx`],
    [zh ? '必填列' : 'Required', headers.filter((_, i) => need.has(fields[i])).join('、') + (zh ? '（表头红色）' : ' (red headers)')],
    [zh ? '身份证号、手机号' : 'ID, phone', zh ? '已设为文本格式，请照原样填写18位号码，不要改成数字格式（否则会变成 4.40105E+17，丢掉后几位）。' : 'formatted as text: type the 18 characters as they are; a number format would turn them into 4.40105E+17 and lose the last digits.'],
    [zh ? '日期' : 'Dates', zh ? '写成 2022-11-20 或 2022/11/20；时间写成 14:30。' : 'as 2022-11-20 or 2022/11/20; times as 14:30.'],
    [zh ? '下拉列表' : 'Drop-downs', Object.entries(CHOICES[kind]).map(([f, c]) => `${chineseHeader(kind, f)}：${c.join('、')}`).join('；')],
    [zh ? '标题行' : 'Title row', zh ? '第1行的标题可以改成本乡镇名称，导入时会跳过；不要改第2行的表头。' : 'row 1 may carry your township name and is skipped on import; keep the headers of row 2 as they are.'],
    [zh ? '示例' : 'Sample', zh ? '下面是一行填好的示例（只作参考，不在“填写”表中）：' : 'a filled row, for reference (it is not on the 填写 sheet):'],
  ];
  for (const [a, b] of lines) {
    const row = help.addRow([a, b]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
  }
  help.addRow([]);
  const sampleHead = help.addRow(headers);
  sampleHead.font = { bold: true };
  const sample = help.addRow(fields.map((f) => SAMPLES[kind][f] ?? ''));
  fields.forEach((f, i) => {
    if (cellKindOf(f) === 'text') sample.getCell(i + 1).numFmt = '@';
  });
  writeFileAtomic(file, Buffer.from(await wb.xlsx.writeBuffer()));
  return { kind, file, columns: headers };
}
