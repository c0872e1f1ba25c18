// Generates data/countries.json, the issuing countries a passport may name: ISO 3166-1 alpha-3
// codes with their Chinese and English names, from i18n-iso-countries (a devDependency: the
// tool ships only this file, about 20 KB). Read at run time by src/io/reference.ts.
//   npm run data:countries     (test/unit/documents.test.ts fails when the file is out of date)
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT = path.join(ROOT, 'data', 'countries.json');

/** Chinese names people write besides i18n-iso-countries' zh short name. */
const EXTRA_ZH = {
  USA: ['美利坚合众国'], GBR: ['大不列颠'], KOR: ['南韩', '大韩民国'], PRK: ['北韩', '朝鲜民主主义人民共和国'], RUS: ['俄国', '俄罗斯联邦'],
  JPN: ['日本国'], DEU: ['德意志'], VNM: ['越南社会主义共和国'], ARE: ['阿拉伯联合酋长国'], NZL: ['纽西兰'], CHN: ['中华人民共和国'],
};

export function generate() {
  const pkg = require('i18n-iso-countries/package.json');
  const iso = require('i18n-iso-countries');
  const zh = require('i18n-iso-countries/langs/zh.json').countries;
  const en = require('i18n-iso-countries/langs/en.json').countries;
  const countries = {};
  for (const a2 of Object.keys(en).sort()) {
    const a3 = iso.alpha2ToAlpha3(a2);
    if (!a3) continue;
    const names = [...new Set([zh[a2], ...(EXTRA_ZH[a3] ?? []), ...[en[a2]].flat()].flat().filter(Boolean))];
    countries[a3] = names;
  }
  const sorted = Object.fromEntries(Object.entries(countries).sort(([a], [b]) => (a < b ? -1 : 1)));
  return `${JSON.stringify({ source: `i18n-iso-countries ${pkg.version} (ISO 3166-1 alpha-3; Chinese name first)`, countries: sorted }, null, 0).replace(/\],"/g, '],\n"')}\n`;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  fs.writeFileSync(OUT, generate());
  console.log(`wrote ${path.relative(ROOT, OUT)} (${fs.statSync(OUT).size} bytes)`);
}
