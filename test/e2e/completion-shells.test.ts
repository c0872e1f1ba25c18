/**
 * fangkong completion zsh|fish (issue 16): the scripts, loaded in the real shells (.ci/run installs
 * zsh and fish), complete nouns, verbs and options of the same command tree as bash's.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin, tmpDir } from '../helpers.js';

function saved(script: string, name: string): string {
  const file = path.join(tmpDir(), name);
  fs.writeFileSync(file, script);
  return file;
}

function shell(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 15_000, env: { PATH: process.env.PATH ?? '', HOME: tmpDir(), LANG: 'C.UTF-8' } });
  expect(r.error, `${cmd} must be installed (.ci/run installs it)`).toBeUndefined();
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe('completion zsh', () => {
  const r = runBin(['completion', 'zsh']);
  const file = saved(r.stdout, '_fangkong');

  /** The candidates _fangkong_candidates gives for a command line (the last word is being typed). */
  const candidates = (words: string[]) => {
    const out = shell('zsh', ['-f', '-c', `autoload -U compinit; compinit -u -D; source '${file}'; words=(${words.map((w) => `'${w}'`).join(' ')}); CURRENT=${words.length}; _fangkong_candidates; print "rc=$?"; print -rl -- $reply`]);
    const [rc, ...lines] = out.split('\n').filter(Boolean);
    return { rc, words: lines.map((l) => l.split(':')[0]), lines };
  };

  it('a #compdef file that registers _fangkong for fangkong once compinit has run', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.startsWith('#compdef fangkong\n')).toBe(true);
    expect(shell('zsh', ['-f', '-c', `autoload -U compinit; compinit -u -D; source '${file}'; print -r -- $_comps[fangkong]; whence -w _fangkong`])).toBe('_fangkong\n_fangkong: function\n');
  });

  it('the command path and its candidates, with descriptions', () => {
    const top = candidates(['fangkong', '']);
    expect(top.rc).toBe('rc=0');
    expect(top.words).toEqual(expect.arrayContaining(['arrival', 'report', 'demo', 'completion', '--db', '--help']));
    expect(top.lines).toContain('arrival:arrivals: register, find, import, export');
    expect(candidates(['fangkong', 'arrival', '']).words).toEqual(expect.arrayContaining(['add', 'list', 'show', 'import', 'export', 'purge']));
    expect(candidates(['fangkong', 'arrival', '']).words).not.toContain('quarantine');
    // past the value of a global option, and a verb's own options
    expect(candidates(['fangkong', '--db', 'x.db', 'arrival', 'list', '--li']).words).toContain('--limit');
    expect(candidates(['fangkong', 'policy', 'rules', '']).words).toContain('set');
  });

  it('after an option that takes a value: no words of ours (files instead)', () => {
    expect(candidates(['fangkong', '--db', '']).rc).toBe('rc=1');
  });

  it('in an interactive zsh: fangkong arr<TAB>l<TAB>--li<TAB> types "arrival list --limit"', () => {
    // a zsh in a pseudo-terminal (zpty) with the completion system, fangkong a function that prints its arguments
    const driver = saved(
      `zmodload zsh/zpty
zpty z 'zsh -f -i'
zpty -w z 'autoload -U compinit; compinit -u -D; source ${file}; fangkong() { print -r -- "[""[$*]""]" }'
zpty -n -w z $'fangkong arr\\tl\\t--li\\t\\n'
local out='' chunk
integer n=0
while (( n++ < 200 )); do
  if zpty -r -t z chunk; then out+=$chunk; [[ $out == *\\[\\[*\\]\\]* ]] && break; else sleep 0.05; fi
done
zpty -d z
print -r -- "\${\${out##*\\[\\[}%%\\]\\]*}"
`,
      'drive.zsh',
    );
    expect(shell('zsh', ['-f', driver]).trim()).toBe('arrival list --limit');
  });
});

describe('completion fish', () => {
  const r = runBin(['completion', 'fish']);
  const file = saved(r.stdout, 'fangkong.fish');
  /** What fish offers for a command line: `complete -C`, the words before their tab. */
  const complete = (line: string) =>
    shell('fish', ['--no-config', '-c', `source '${file}'; complete -C '${line}'`])
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t'));

  it('fangkong arr → arrival, with its description', () => {
    expect(r.code, r.stderr).toBe(0);
    expect(complete('fangkong arr')).toEqual([['arrival', 'arrivals: register, find, import, export']]);
  });

  it('the verbs of a noun, options of a verb past a global option value', () => {
    const verbs = complete('fangkong arrival ').map(([w]) => w);
    expect(verbs).toEqual(expect.arrayContaining(['add', 'list', 'show', 'import', 'export', 'purge']));
    expect(verbs).not.toContain('quarantine');
    expect(complete('fangkong --db x.db arrival list --li').map(([w]) => w)).toEqual(['--limit']);
    expect(complete('fangkong policy rules ').map(([w]) => w)).toContain('set');
  });

  it('after an option that takes a value: files', () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'county.db'), '');
    expect(complete(`fangkong --db ${dir}/cou`).map(([w]) => w)).toEqual([`${dir}/county.db`]);
  });

  it('the zh script carries Chinese descriptions', () => {
    const zh = runBin(['--lang', 'zh', 'completion', 'fish']);
    expect(zh.stdout).toMatch(/'arrival' '[^']*[\u4e00-\u9fff]/);
  });
});
