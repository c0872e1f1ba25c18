/**
 * Output formats of every listing. Kept apart from the renderers so start-up need not load them.
 * xlsx is a file format: it needs --out (or an --out ending in .xlsx chooses it).
 */
export const FORMATS = ['table', 'json', 'csv', 'markdown', 'xlsx'] as const;
export type Format = (typeof FORMATS)[number];
