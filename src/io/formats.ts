/** Output formats of every listing. Kept apart from the renderers so start-up need not load them. */
export const FORMATS = ['table', 'json', 'csv', 'markdown', 'html'] as const;
export type Format = (typeof FORMATS)[number];
