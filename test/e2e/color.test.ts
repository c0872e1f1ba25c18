/**
 * Colour as supports-color decides it (issue 16): FORCE_COLOR=1 gives colour even on a pipe;
 * NO_COLOR, TERM=dumb, FORCE_COLOR=0 and a CI without a known colour service give none on a
 * terminal; --no-color none at all; a plain terminal (TERM=xterm) colour. The heading of a
 * table is what is coloured (cyan, bold).
 */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runBin, tmpDir, execSql } from '../helpers.js';
import { onTerminal } from '../pty.js';

const ESC = '\x1b[';
const HEADING = '\x1b[36m\x1b[1m';
let dir: string;
let db: string;

beforeAll(() => {
  dir = tmpDir();
  db = path.join(dir, 'c.db');
  expect(runBin(['--db', db, 'init']).code).toBe(0);
  execSql(
    db,
    `INSERT INTO arrivals (id_number, name, phone, origin, arrival_date, transport, destination, township, contact_type, created_at, created_by)
     VALUES ('110101199001011234', 'P1', '13800138000', 'Shenzhen', '2022-11-10', 'train', 'Road 1', 'T', 'none', '2022-11-10T10:00:00', 'tester')`,
  );
});

const list = ['--db', '', 'arrival', 'list', '--format', 'table'];
const args = () => list.map((a, i) => (i === 1 ? db : a));

describe('colour on a pipe', () => {
  it('none by default', () => {
    const r = runBin(args());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('P1');
    expect(r.stdout).not.toContain(ESC);
  });

  it('FORCE_COLOR=1 (and 2, 3): colour codes in the output', () => {
    for (const level of ['1', '2', '3']) {
      const r = runBin(args(), { env: { FORCE_COLOR: level } });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(HEADING);
    }
  });

  it('FORCE_COLOR=1 with --no-color: none', () => {
    const r = runBin(['--no-color', ...args()], { env: { FORCE_COLOR: '1' } });
    expect(r.stdout).not.toContain(ESC);
  });

  it('FORCE_COLOR=1 with NO_COLOR: colour (FORCE_COLOR takes precedence, as in Node)', () => {
    expect(runBin(args(), { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).toContain(HEADING);
  });

  it('FORCE_COLOR=0, and NO_COLOR alone: none', () => {
    expect(runBin(args(), { env: { FORCE_COLOR: '0' } }).stdout).not.toContain(ESC);
    expect(runBin(args(), { env: { NO_COLOR: '1' } }).stdout).not.toContain(ESC);
  });
});

describe('colour on a terminal', () => {
  it('a colour terminal (TERM=xterm): the heading in colour', () => {
    const r = onTerminal(args(), { TERM: 'xterm' }, { home: dir });
    expect(r.code).toBe(0);
    expect(r.screen).toContain(HEADING);
  });

  it('TERM=dumb: none', () => {
    const r = onTerminal(args(), { TERM: 'dumb' }, { home: dir });
    expect(r.code).toBe(0);
    expect(r.screen).toContain('P1');
    expect(r.screen).not.toContain(ESC);
  });

  it('NO_COLOR: none', () => {
    const r = onTerminal(args(), { TERM: 'xterm', NO_COLOR: '1' }, { home: dir });
    expect(r.screen).toContain('P1');
    expect(r.screen).not.toContain(ESC);
  });

  it('FORCE_COLOR=0: none', () => {
    const r = onTerminal(args(), { TERM: 'xterm', FORCE_COLOR: '0' }, { home: dir });
    expect(r.screen).toContain('P1');
    expect(r.screen).not.toContain(ESC);
  });

  it('CI: none on an unknown CI, colour on GitHub Actions (as supports-color says)', () => {
    const plain = onTerminal(args(), { TERM: 'xterm', CI: 'true' }, { home: dir });
    expect(plain.screen).toContain('P1');
    expect(plain.screen).not.toContain(ESC);
    const gh = onTerminal(args(), { TERM: 'xterm', CI: 'true', GITHUB_ACTIONS: 'true' }, { home: dir });
    expect(gh.screen).toContain(HEADING);
  });
});
