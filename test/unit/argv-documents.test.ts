/** argv → Options for the document, the reassignment and the unregistered township (issue 14). */
import { describe, expect, it } from 'vitest';
import * as add from '../../src/cli/arrival/add.js';
import * as edit from '../../src/cli/arrival/edit.js';
import * as unregistered from '../../src/cli/inspect/unregistered.js';
import { cli, flags, options } from './argv-helper.js';

describe('--doc-type and --country', () => {
  it.each([
    [['--doc-type', 'passport', '--country', '美国'], { docType: 'passport', country: '美国' }],
    [['--doc-type', '护照'], { docType: 'passport' }],
    [['--doc-type', '港澳居民来往内地通行证'], { docType: 'hkmo_permit' }],
    [['--doc-type', '回乡证'], { docType: 'hkmo_permit' }],
    [['--doc-type', '台胞证'], { docType: 'tw_permit' }],
    [['--doc-type', '外国人永久居留身份证'], { docType: 'foreign_pr' }],
    [['--doc-type', '港澳台居民居住证'], { docType: 'resident_id' }],
  ])('add %j', async (argv, want) => {
    expect(await options(add.command(cli), flags<add.Options>, argv)).toEqual(want);
  });
  it('refuses a type it does not know', async () => {
    await expect(options(add.command(cli), flags<add.Options>, ['--doc-type', '签证'])).rejects.toMatchObject({ code: 'commander.invalidArgument' });
  });
  it('edit takes them too, with --reassign and --yes', async () => {
    expect(await options(edit.command(cli), edit.parse, ['3', '--doc-type', 'tw_permit', '--id-number', '12345678', '--reassign', '-y'])).toEqual({ who: '3', docType: 'tw_permit', idNumber: '12345678', reassign: true, yes: true });
  });
});

describe('inspect unregistered --township', () => {
  it('gives the township; blank is none', async () => {
    expect(await options(unregistered.command(cli), unregistered.parse, ['--township', '城关镇', '--register'])).toEqual({ date: undefined, register: true, township: '城关镇' });
    expect(await options(unregistered.command(cli), unregistered.parse, ['--township', ' '])).toEqual({ date: undefined, register: false, township: undefined });
  });
});
