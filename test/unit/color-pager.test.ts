/**
 * The pager's command from the environment (io/pager.ts) and a stream's colour level as
 * supports-color detects it (io/color.ts): the rules the e2e tests of color.test.ts and
 * pager.test.ts see from outside, here case by case.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { colorLevelOf } from '../../src/io/color.js';
import { DEFAULT_PAGER, pagerCommand } from '../../src/io/pager.js';

describe('pagerCommand', () => {
  it('FANGKONG_PAGER, else PAGER, else less -FRX; either set empty: none', () => {
    expect(pagerCommand({}, 'linux')).toBe(DEFAULT_PAGER);
    expect(pagerCommand({}, 'win32')).toBeNull();
    expect(pagerCommand({ PAGER: 'more' }, 'win32')).toBe('more');
    expect(DEFAULT_PAGER).toBe('less -FRX');
    expect(pagerCommand({ PAGER: 'more' })).toBe('more');
    expect(pagerCommand({ FANGKONG_PAGER: 'most', PAGER: 'more' })).toBe('most');
    expect(pagerCommand({ PAGER: '' })).toBeNull();
    expect(pagerCommand({ PAGER: '  ' })).toBeNull();
    expect(pagerCommand({ FANGKONG_PAGER: '', PAGER: 'more' })).toBeNull();
  });
});

describe('colorLevelOf (supports-color)', () => {
  const KEYS = ['FORCE_COLOR', 'TERM', 'COLORTERM', 'CI', 'GITHUB_ACTIONS', 'TF_BUILD', 'AGENT_NAME', 'TEAMCITY_VERSION', 'TERM_PROGRAM'];
  let saved: Record<string, string | undefined>;
  beforeEach(() => {
    saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
    for (const k of KEYS) delete process.env[k];
  });
  afterEach(() => {
    for (const k of KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  });
  const set = (env: Record<string, string>) => Object.assign(process.env, env);

  it('a pipe: none, unless FORCE_COLOR says a level', () => {
    expect(colorLevelOf({ isTTY: false })).toBe(0);
    for (const [v, level] of [['1', 1], ['2', 2], ['3', 3], ['true', 1], ['', 1], ['0', 0], ['false', 0]] as const) {
      set({ FORCE_COLOR: v });
      expect(colorLevelOf({ isTTY: false })).toBe(level);
    }
  });

  it('a terminal: by TERM and COLORTERM; TERM=dumb none; FORCE_COLOR=0 none', () => {
    set({ TERM: 'xterm' });
    expect(colorLevelOf({ isTTY: true })).toBe(1);
    set({ TERM: 'xterm-256color' });
    expect(colorLevelOf({ isTTY: true })).toBe(2);
    set({ COLORTERM: 'truecolor' });
    expect(colorLevelOf({ isTTY: true })).toBe(3);
    delete process.env.COLORTERM;
    set({ TERM: 'dumb' });
    expect(colorLevelOf({ isTTY: true })).toBe(0);
    set({ TERM: 'xterm', FORCE_COLOR: '0' });
    expect(colorLevelOf({ isTTY: true })).toBe(0);
  });

  it('CI: none on an unknown service, true colour on GitHub Actions', () => {
    set({ TERM: 'xterm', CI: 'true' });
    expect(colorLevelOf({ isTTY: true })).toBe(0);
    set({ GITHUB_ACTIONS: 'true' });
    expect(colorLevelOf({ isTTY: true })).toBe(3);
  });
});
