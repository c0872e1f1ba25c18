/** fangkong completion bash (issue 16): the script, sourced in bash, completes nouns, verbs and options. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runBin, tmpDir } from '../helpers.js';

/** Sources the script and runs the completion function on a command line; the candidates. */
function complete(script: string, words: string[]): string[] {
  const file = path.join(tmpDir(), 'fangkong.bash');
  fs.writeFileSync(file, script);
  const line = words.map((w) => `'${w}'`).join(' ');
  const r = spawnSync('bash', ['-c', `source '${file}'; COMP_WORDS=(${line}); COMP_CWORD=${words.length - 1}; _fangkong; printf '%s\\n' "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.split('\n').filter(Boolean);
}

describe('completion bash', () => {
  const r = runBin(['completion', 'bash']);

  it('prints a script that registers _fangkong for fangkong', () => {
    expect(r.code, r.stderr).toBe(0);
    const file = path.join(tmpDir(), 'fangkong.bash');
    fs.writeFileSync(file, r.stdout);
    const p = spawnSync('bash', ['-c', `source '${file}'; complete -p fangkong`], { encoding: 'utf8' });
    expect(p.stdout.trim()).toBe('complete -o default -F _fangkong fangkong');
  });

  it('fangkong arr<TAB> → arrival', () => {
    expect(complete(r.stdout, ['fangkong', 'arr'])).toEqual(['arrival']);
  });

  it('fangkong arrival <TAB> → its verbs', () => {
    expect(complete(r.stdout, ['fangkong', 'arrival', ''])).toEqual(expect.arrayContaining(['add', 'list', 'show', 'import', 'export', 'purge']));
    expect(complete(r.stdout, ['fangkong', 'arrival', ''])).not.toContain('quarantine');
  });

  it('options of the verb, past the values of options: fangkong --db x.db arrival list --li<TAB>', () => {
    expect(complete(r.stdout, ['fangkong', '--db', 'x.db', 'arrival', 'list', '--li'])).toEqual(['--limit']);
    expect(complete(r.stdout, ['fangkong', 'policy', 'rules', ''])).toContain('set');
  });

  it('refuses a shell it does not know: exit 2', () => {
    expect(runBin(['completion', 'tcsh']).code).toBe(2);
  });
});
