/**
 * The report as a printed page (--format html): one self-contained file — no script, no link,
 * nothing to fetch — with the unit, the date, the time it was issued, each section as a table,
 * and for a range the chart as inline SVG. Where Chromium is installed (/usr/bin/chromium) the
 * page is also rendered headless and the picture checked not to be blank; with UPDATE_DOCS=1 the
 * picture becomes docs/report-daily.png.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Ctx } from '../../src/cli/context.js';
import * as daily from '../../src/cli/report/daily.js';
import * as range from '../../src/cli/report/range.js';
import { translator, type Lang } from '../../src/domain/i18n.js';
import { render } from '../../src/io/output.js';
import type { Store } from '../../src/store/db.js';
import { twoWeeks } from '../county.js';
import { cst, ROOT, tmpDir, openTestStore } from '../helpers.js';
import { decodePng, ink } from '../png.js';

let store: Store;

beforeEach(() => {
  store = openTestStore(path.join(tmpDir(), 'county.db'));
  twoWeeks(store);
  return () => store.close();
});

function verbCtx(lang: Lang = 'zh'): Ctx {
  return { today: '2022-11-27', now: cst(2022, 10, 22, 21), actor: 'clerk', tz: 'Asia/Shanghai', lang, t: translator(lang), todayGiven: false, io: { stdoutIsTTY: false }, openStore: async () => store } as unknown as Ctx;
}

async function dailyHtml(date: string, lang: Lang = 'zh'): Promise<string> {
  const c = verbCtx(lang);
  return render(daily.view(await daily.run({ date }, c), c), 'html', lang, false);
}

/** The rows of the table that follows a heading, as arrays of cell texts. */
function tableAfter(html: string, heading: string): string[][] {
  const at = html.indexOf(`<h2>${heading}</h2>`);
  expect(at, heading).toBeGreaterThan(0);
  const table = html.slice(at, html.indexOf('</table>', at));
  return [...table.matchAll(/<tr>(.*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[hd][^>]*>(.*?)<\/t[hd]>/g)].map((c) => c[1]));
}

describe('report daily --format html', () => {
  it('is one self-contained page: inline CSS for A4, nothing to fetch, the unit, date and issue time', async () => {
    const html = await dailyHtml('2022-11-22');
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html.match(/<style>/g)).toHaveLength(1);
    expect(html).toMatch(/@page \{ size: A4;/);
    for (const outside of [/<script/i, /<link/i, /<img/i, /<iframe/i, /\bsrc=/i, /\bhref=/i, /url\(/i, /@import/i, /https?:/i, /\/\//]) expect(html).not.toMatch(outside);
    expect(html).toContain('<title>城关县 疫情防控日报（2022-11-22）</title>');
    expect(html).toContain('<h1>城关县 疫情防控日报（2022-11-22）</h1>');
    expect(html).toContain('<p class="meta">出具时间：2022-11-22 21:00:00 (UTC+08:00)</p>');
    expect([...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1])).toEqual(['来返人员', '管控措施', '核酸检测', '卡点查验', '隔离点']);
  });

  it('has every section as a table, with the figures of the day', async () => {
    const html = await dailyHtml('2022-11-22');
    expect(tableAfter(html, '管控措施')).toEqual([
      ['措施', '前日在管', '新增', '补录', '转入', '转出', '解除', '转运', '按规定终止', '撤销', '在管'],
      ['集中隔离', '1', '0', '0', '0', '1', '0', '0', '0', '0', '0'],
      ['居家隔离', '3', '0', '0', '1', '0', '2', '0', '0', '0', '2'],
      ['居家健康监测', '0', '0', '0', '0', '0', '0', '0', '0', '0', '0'],
      ['合计', '4', '0', '0', '1', '1', '2', '0', '0', '0', '2'],
    ]);
    expect(tableAfter(html, '核酸检测')).toEqual([
      ['应检', '已出结果', '待出结果（已采样）', '未采样', '核酸阳性'],
      ['2', '1', '0', '1', '0'],
    ]);
    expect(tableAfter(html, '卡点查验')).toEqual([
      ['卡点', '查验（次）', '人数', '车辆', '异常'],
      ['卡点', '0', '0', '0', '0'],
      ['合计', '0', '0', '0', '0'],
    ]);
    expect(tableAfter(html, '隔离点')).toEqual([
      ['隔离点', '容量', '在住', '空余'],
      ['党校', '10', '0', '10'],
    ]);
    const arrivals = tableAfter(html, '来返人员');
    expect(arrivals[0]).toEqual(['项目', '人数']);
    expect(arrivals.map((r) => r[0])).toEqual(expect.arrayContaining(['新增来返人员', '来自高风险地区', '火车', '今日补报（抵达一天以上后登记）']));
    // a sub-item is indented by its class, not by spaces
    expect(html).toContain('<td class="sub">来自高风险地区</td>');
    // a zero report says so on paper too
    expect(await dailyHtml('2022-11-18')).toContain('<p class="good">零报告：本日无新增来返人员，无新增或补录管控人员，无待安排隔离点人员，无核酸阳性，卡点无异常，应检核酸均已采样。</p>');
  });

  it('in English every label is English; what a name holds is escaped', async () => {
    store.settings.set('unit', '<b>County & "Town"</b>', '2022-11-22T09:00:00', 'clerk');
    const html = await dailyHtml('2022-11-22', 'en');
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<h1>&lt;b&gt;County &amp; &quot;Town&quot;&lt;/b&gt; daily epidemic-prevention report (2022-11-22)</h1>');
    expect([...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1])).toEqual(['Arrivals', 'Measures', 'Nucleic-acid tests', 'Checkpoint inspections', 'Quarantine sites']);
    // no Chinese in a heading or a label: what is Chinese is data (the site's and checkpoint's names)
    const labels = [...html.matchAll(/<(?:th|h1|h2|p|td class="sub")[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(labels.filter((l) => /[\u4e00-\u9fff]/.test(l))).toEqual([]);
  });
});

describe('report range --format html', () => {
  it('has the tables and the charts as inline SVG, a point a day', async () => {
    const c = verbCtx();
    const html = await render(range.view(await range.run({ from: '2022-11-14', to: '2022-11-27' }, c), c), 'html', 'zh', false);
    const svgs = [...html.matchAll(/<svg viewBox="0 0 680 190" role="img" aria-label="(.*?)">([\s\S]*?)<\/svg>/g)];
    expect(svgs.map((m) => m[1])).toEqual(['新增来返人员', '集中隔离在管', '卡点异常']);
    for (const m of svgs) expect((/<polyline class="line" points="([^"]+)"/.exec(m[2])![1]).split(' ')).toHaveLength(14);
    expect(html).toContain('<figcaption>集中隔离在管  2022-11-14 → 2022-11-27</figcaption>');
    expect([...html.matchAll(/<h2>(.*?)<\/h2>/g)].map((m) => m[1])).toEqual(['集中隔离', '居家隔离', '居家健康监测']);
    expect(html).not.toMatch(/https?:|<script|\bsrc=|\bhref=/);
  });
});

const CHROMIUM = '/usr/bin/chromium';

/** Chromium headless, as the docs say: no sandbox, no GPU, no network in the background, a profile of its own. */
function screenshot(html: string, png: string, size = '794,1123'): void {
  const dir = tmpDir();
  const file = path.join(dir, 'report.html');
  fs.writeFileSync(file, html);
  const r = spawnSync(
    CHROMIUM,
    ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', `--user-data-dir=${path.join(dir, 'profile')}`, '--hide-scrollbars', `--window-size=${size}`, `--screenshot=${png}`, `file://${file}`],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (r.error) throw r.error;
  expect(fs.existsSync(png), r.stderr).toBe(true);
}

describe.runIf(fs.existsSync(CHROMIUM))('the page rendered by Chromium (headless)', () => {
  it('is not blank: text, tables and the red rules of the headings are drawn', { timeout: 90_000 }, async () => {
    const png = path.join(tmpDir(), 'daily.png');
    // a busy day: an arrival, a measure started, an anomaly, three at the site
    const html = await dailyHtml('2022-11-17');
    screenshot(html, png);
    const img = decodePng(fs.readFileSync(png));
    expect([img.width, img.height]).toEqual([794, 1123]);
    const seen = ink(img);
    expect(seen.nonWhite).toBeGreaterThan(0.02);
    expect(seen.nonWhite).toBeLessThan(0.6);
    expect(seen.dark).toBeGreaterThan(0.002);
    expect(seen.red).toBeGreaterThan(0.0005);
    if (process.env.UPDATE_DOCS) fs.copyFileSync(png, path.join(ROOT, 'docs', 'report-daily.png'));
  });
});
