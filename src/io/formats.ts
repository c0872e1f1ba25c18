/**
 * Output formats of every listing. Kept apart from the renderers so start-up need not load them.
 * xlsx is a file format: it needs --out (or an --out ending in .xlsx chooses it); html is one
 * self-contained page (--out ending in .html chooses it); jsonl is one JSON object a line (a list's rows).
 */
export const FORMATS = ['table', 'json', 'jsonl', 'csv', 'markdown', 'xlsx', 'html'] as const;
export type Format = (typeof FORMATS)[number];
