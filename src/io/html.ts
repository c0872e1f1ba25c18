/**
 * The HTML renderer: a view as one self-contained page to print or mail — no script, no link,
 * no image or font to fetch: the CSS is inline and a chart is inline SVG. Laid out for A4; every
 * list is a table. The labels are those of table and Markdown, in the user's language.
 */
import type { Lang } from '../domain/i18n.js';
import type { View } from './output.js';
import { cell, heading, type Block, type Chart, type Column } from './render.js';

type Row = Record<string, unknown>;

const CSS = `
@page { size: A4; margin: 14mm 15mm; }
* { box-sizing: border-box; }
html { background: #fff; color: #111; font: 10.5pt/1.45 "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; }
body { margin: 0; }
main { width: 180mm; margin: 0 auto; padding: 12mm 0; }
@media print { main { width: auto; padding: 0; } }
h1 { font-size: 16pt; text-align: center; margin: 0 0 1.5mm; }
h2 { font-size: 12pt; margin: 6mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.2pt solid #a31515; }
p { margin: 1.5mm 0; }
p.meta { text-align: center; color: #555; font-size: 9pt; margin-bottom: 4mm; }
p.good { color: #17622a; font-weight: bold; border: 1pt solid #17622a; padding: 2mm 3mm; }
p.warn { color: #a31515; font-weight: bold; }
p.strong { font-weight: bold; }
table { width: 100%; border-collapse: collapse; margin: 1mm 0 2mm; }
th, td { border: 0.6pt solid #8a8a8a; padding: 1mm 2mm; text-align: left; vertical-align: top; }
th { background: #eee; font-weight: bold; }
.num { text-align: right; font-variant-numeric: tabular-nums; }
td.sub { padding-left: 7mm; }
tr:last-child td { border-bottom-width: 0.9pt; }
section, figure, table, tr { break-inside: avoid; page-break-inside: avoid; }
figure { margin: 3mm 0; }
figcaption { font-weight: bold; margin-bottom: 1mm; }
svg { display: block; width: 100%; height: auto; }
svg text { font-size: 11px; fill: #333; }
svg .axis { stroke: #666; stroke-width: 1; }
svg .grid { stroke: #ddd; stroke-width: 1; }
svg .line { fill: none; stroke: #a31515; stroke-width: 2; }
svg .dot { fill: #a31515; }
`;

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function table(rows: Row[], columns: Column[], lang: Lang, empty?: string): string {
  if (rows.length === 0) return `<p>${escapeHtml(empty ?? (lang === 'zh' ? '没有记录。' : 'No records.'))}</p>`;
  const cls = (c: Column) => (c.align === 'right' ? ' class="num"' : '');
  const head = `<thead><tr>${columns.map((c) => `<th${cls(c)}>${escapeHtml(heading(c, lang))}</th>`).join('')}</tr></thead>`;
  const body = rows
    .map((r) => {
      const cells = columns.map((c) => {
        const v = cell(r, c, lang);
        // a label that starts with two spaces is a sub-item: indented
        if (c.align !== 'right' && v.startsWith('  ')) return `<td class="sub">${escapeHtml(v.trim())}</td>`;
        return `<td${cls(c)}>${escapeHtml(v)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  return `<table>${head}\n<tbody>\n${body}\n</tbody></table>`;
}

function record(rec: Row, columns: Column[], lang: Lang): string {
  const shown = columns.filter((c) => cell(rec, c, lang) !== '');
  return `<table><tbody>\n${shown.map((c) => `<tr><th>${escapeHtml(heading(c, lang))}</th><td>${escapeHtml(cell(rec, c, lang))}</td></tr>`).join('\n')}\n</tbody></table>`;
}

/** A line chart as inline SVG: a point a day, the y axis from 0 to the highest count, the first, middle and last dates. */
export function chartSvg(c: Chart): string {
  const W = 680;
  const H = 190;
  const left = 44;
  const right = 14;
  const top = 12;
  const bottom = 30;
  const n = c.values.length;
  const max = Math.max(1, ...c.values);
  const x = (i: number) => left + (n === 1 ? 0 : (i * (W - left - right)) / (n - 1));
  const y = (v: number) => top + (H - top - bottom) * (1 - v / max);
  const ticks = [...new Set([0, Math.round(max / 2), max])];
  const parts: string[] = [];
  for (const v of ticks) {
    parts.push(`<line class="grid" x1="${left}" y1="${y(v).toFixed(1)}" x2="${W - right}" y2="${y(v).toFixed(1)}"/>`);
    parts.push(`<text x="${left - 6}" y="${(y(v) + 4).toFixed(1)}" text-anchor="end">${v}</text>`);
  }
  parts.push(`<line class="axis" x1="${left}" y1="${top}" x2="${left}" y2="${H - bottom}"/>`);
  parts.push(`<line class="axis" x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}"/>`);
  const marks = [...new Set([0, Math.floor((n - 1) / 2), n - 1])];
  for (const i of marks) parts.push(`<text x="${x(i).toFixed(1)}" y="${H - bottom + 18}" text-anchor="${i === 0 ? 'start' : i === n - 1 ? 'end' : 'middle'}">${escapeHtml(c.labels[i] ?? '')}</text>`);
  parts.push(`<polyline class="line" points="${c.values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}"/>`);
  for (const [i, v] of c.values.entries()) parts.push(`<circle class="dot" cx="${x(i).toFixed(1)}" cy="${y(v).toFixed(1)}" r="2.5"><title>${escapeHtml(`${c.labels[i] ?? ''}: ${v}`)}</title></circle>`);
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-label="${escapeHtml(c.title)}">\n${parts.join('\n')}\n</svg>`;
}

/** A document's blocks as the body of a page: a level-2 title opens a section. */
function body(blocks: Block[], lang: Lang): string {
  const out: string[] = [];
  let open = false;
  for (const b of blocks) {
    if ('title' in b) {
      if (b.level === 2) {
        if (open) out.push('</section>');
        out.push(`<section>\n<h2>${escapeHtml(b.title)}</h2>`);
        open = true;
      } else out.push(`<h1>${escapeHtml(b.title)}</h1>`);
    } else if ('chart' in b) {
      if (b.chart.values.length) out.push(`<figure>\n<figcaption>${escapeHtml(`${b.chart.title}  ${b.chart.labels[0]} → ${b.chart.labels[b.chart.labels.length - 1]}`)}</figcaption>\n${chartSvg(b.chart)}\n</figure>`);
    } else if ('text' in b) {
      if (b.screen || b.text.trim() === '') continue;
      const cls = b.html ? 'meta' : b.tone;
      out.push(`<p${cls ? ` class="${cls}"` : ''}>${escapeHtml(b.text.trim()).replace(/\n/g, '<br>')}</p>`);
    } else if ('list' in b) out.push(table(b.list as Row[], b.columns, lang, b.empty));
    else out.push(record(b.record as Row, b.columns, lang));
  }
  if (open) out.push('</section>');
  return out.join('\n');
}

function page(title: string, content: string, lang: Lang): string {
  return `<!DOCTYPE html>
<html lang="${lang === 'zh' ? 'zh-CN' : 'en'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${content}
</main>
</body>
</html>
`;
}

/** A view as one page: a document's blocks, a list or a record as a table, a done line as a paragraph. */
export function renderHtml(view: View, lang: Lang): string {
  switch (view.kind) {
    case 'nothing':
      return '';
    case 'text':
      return view.text;
    case 'document': {
      const t = view.blocks.find((b): b is { title: string } => 'title' in b);
      return page(t?.title ?? 'fangkong', body(view.blocks, lang), lang);
    }
    case 'list':
      return page('fangkong', table(view.rows as Row[], view.screen ?? view.columns, lang), lang);
    case 'record':
      return page('fangkong', record(view.record as Row, view.columns, lang), lang);
    case 'done':
      return page('fangkong', `<p>${escapeHtml(view.text)}</p>`, lang);
  }
}
