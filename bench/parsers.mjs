// node bench/parsers.mjs [FILE.csv]: csv-parse (what fangkong reads CSV with) against udsv and
// papaparse. First the rules: the values of test/hostile-corpus.ts (and a few shapes of file:
// CRLF, a BOM, a quoted line break, a ragged row, an unclosed quote) written as CSV, parsed by
// each, compared with csv-parse's rows field by field; then the speed on FILE (default: 200,000
// generated arrivals). A parser is worth switching to only if it agrees on every case.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeArrivals } from './generate.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { parse: parseSync } = require('csv-parse/sync');
const Papa = require('papaparse');
const { inferSchema, initParser } = require('udsv');
const ts = require('typescript');
const { csvField } = await import('../dist/io/csv.js');

// the hostile corpus, compiled from its TypeScript source
const src = ts.transpileModule(fs.readFileSync(path.join(ROOT, 'test', 'hostile-corpus.ts'), 'utf8'), { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
const corpus = await import(`data:text/javascript;base64,${Buffer.from(src).toString('base64')}`);
const values = [
  ...corpus.REFUSED.map(([, v]) => v), ...corpus.LINE_BREAKS.map(([, v]) => v), ...corpus.NOTE_LINE_BREAKS.map(([, v]) => v),
  ...corpus.TABS.map(([, v]) => v), ...corpus.OVERLONG.map(([, v]) => v), ...corpus.BAD_YEARS.map(([, v]) => v), ...corpus.FORMULAS,
  '', '"', '""', 'a"b', ',', 'a,b', '张三', '广东省,深圳市', ' x ', '\r\n',
];

const header = 'name,id_number,note';
const cases = {
  'every hostile value, quoted as fangkong writes (LF)': `${header}\n${values.map((v, i) => `${csvField(v)},${i},${csvField(v)}`).join('\n')}\n`,
  'the same with CRLF line ends': `${header}\r\n${values.map((v, i) => `${csvField(v)},${i},${csvField(v)}`).join('\r\n')}\r\n`,
  'a BOM before the header': `\uFEFF${header}\n张三,1,x\n`,
  'no line end at the end': `${header}\n张三,1,x`,
  'a quoted field with CRLF inside, in a LF file': `${header}\n"a\r\nb",1,x\n`,
  'every field quoted, empty ones too': `"name","id_number","note"\n"","1",""\n`,
  'a ragged row (fewer cells), then one with more': `${header}\na,1\nb,2,x,extra\n`,
  'an empty line in the middle': `${header}\na,1,x\n\nb,2,y\n`,
  'a quote inside an unquoted field': `${header}\na"b,1,x\n`,
  'a quoted field never closed': `${header}\n"abc,1,x\n`,
  'text after a closing quote': `${header}\n"ab"c,1,x\n`,
};

const parsers = {
  'csv-parse': (s) => parseSync(s, { delimiter: ',', relax_column_count: true, skip_empty_lines: false, bom: true }),
  udsv: (s) => {
    const schema = inferSchema(s, { col: ',' });
    const rows = initParser(schema).stringArrs(s);
    return [schema.cols.map((c) => c.name), ...rows];
  },
  papaparse: (s) => {
    const r = Papa.parse(s.replace(/^\uFEFF/, ''), { delimiter: ',', skipEmptyLines: false });
    if (r.errors.length) throw new Error(r.errors[0].message);
    // papaparse gives a last empty row for the final line end
    if (r.data.length && r.data.at(-1).length === 1 && r.data.at(-1)[0] === '') r.data.pop();
    return r.data;
  },
};

const run = (fn, s) => {
  try {
    return { rows: fn(s) };
  } catch (err) {
    return { error: String(err.message ?? err).split('\n')[0].slice(0, 60) };
  }
};
const agree = {};
for (const [name, text] of Object.entries(cases)) {
  const ref = run(parsers['csv-parse'], text);
  const line = [name.padEnd(52)];
  for (const [p, fn] of Object.entries(parsers)) {
    if (p === 'csv-parse') continue;
    const got = run(fn, text);
    const same = ref.error ? Boolean(got.error) : !got.error && JSON.stringify(got.rows) === JSON.stringify(ref.rows);
    agree[p] = (agree[p] ?? 0) + (same ? 1 : 0);
    line.push(`${p}: ${same ? 'same' : got.error ? `error (${got.error})` : ref.error ? 'reads it (csv-parse refuses it)' : 'different rows'}`);
  }
  console.log(line.join('  '));
}
console.log(`\nagree with csv-parse on ${Object.entries(agree).map(([p, n]) => `${p} ${n}/${Object.keys(cases).length}`).join(', ')} cases\n`);

// speed: the whole file as one string, each parser, best of 3
let file = process.argv[2];
if (!file) {
  file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'fangkong-parsers-')), 'arrivals.csv');
  writeArrivals(file, 200000);
}
const text = fs.readFileSync(file, 'utf8');
for (const [p, fn] of Object.entries(parsers)) {
  const ts = [];
  let n = 0;
  for (let i = 0; i < 3; i++) {
    const t = process.hrtime.bigint();
    n = fn(text).length;
    ts.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  console.log(`${p.padEnd(10)} ${Math.min(...ts).toFixed(0).padStart(6)} ms for ${n - 1} rows (${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MB)`);
}
