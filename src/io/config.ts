/**
 * The user's config file: defaults for every database, one JSON object —
 *   { "database": "/srv/fangkong/county.db", "lang": "zh", "unit": "城关县", "timezone": "Asia/Shanghai", "format": "table" }
 * at FANGKONG_CONFIG, else $XDG_CONFIG_HOME/fangkong/config.json, else the per-user config folder
 * (env-paths: ~/.config/fangkong/config.json on Linux). A flag and a FANGKONG_* variable come
 * before it (cli/context.ts); a database's own settings (config set without --global) before its
 * unit and time zone. Written whole or not at all, through the one atomic writer.
 */
import fs from 'node:fs';
import path from 'node:path';
import envPaths from 'env-paths';
import { jsonWhere, zhCause } from '../domain/causes.js';
import { UsageError } from '../domain/errors.js';
import { isTimeZone } from '../domain/dates.js';
import { reason, type T } from '../domain/i18n.js';
import { checkText } from '../domain/text.js';
import { writeFileAtomic } from './files.js';
import { FORMATS } from './formats.js';
import { readSmallText } from './input.js';

/** The keys of the config file. */
export const CONFIG_KEYS = ['database', 'lang', 'unit', 'timezone', 'format'] as const;
export type ConfigKey = (typeof CONFIG_KEYS)[number];
export type Config = Partial<Record<ConfigKey, string>>;

/** Where the config file is, by the environment given (not the process's: tests pass their own). */
export function configPath(env: Record<string, string | undefined>): string {
  if (env.FANGKONG_CONFIG) return env.FANGKONG_CONFIG;
  if (env.XDG_CONFIG_HOME) return path.join(env.XDG_CONFIG_HOME, 'fangkong', 'config.json');
  return path.join(envPaths('fangkong', { suffix: '' }).config, 'config.json');
}

/** What is wrong with a value of a key, or null; the message in both languages. */
export function badValue(key: string, value: unknown, t: T): string | null {
  if (!(CONFIG_KEYS as readonly string[]).includes(key)) return t(`未知设置“${key}”，可设置：${CONFIG_KEYS.join(', ')}`, `unknown setting "${key}": one of ${CONFIG_KEYS.join(', ')}`);
  if (typeof value !== 'string' || !value.trim()) return t(`${key} 应为非空文本`, `${key} must be a non-empty string`);
  // the one input policy (domain/text.ts): a unit's name is printed at the head of every report
  const refused = checkText(key === 'database' ? 'db' : key, value);
  if (refused) return t(`${key}：${reason(refused.code, refused.params, 'zh')}`, `${key}: ${reason(refused.code, refused.params, 'en')}`);
  if (key === 'lang' && !/^(zh|en)$/i.test(value)) return t(`lang 应为 zh 或 en，不是“${value}”`, `lang must be zh or en, not "${value}"`);
  if (key === 'timezone' && !isTimeZone(value)) return t(`timezone“${value}”不是时区，应为 Asia/Shanghai 这样的名称`, `timezone "${value}" is not a time zone: use a name like Asia/Shanghai`);
  if (key === 'format' && !(FORMATS as readonly string[]).includes(value)) return t(`format 应为 ${FORMATS.join('、')} 之一，不是“${value}”`, `format must be one of ${FORMATS.join(', ')}, not "${value}"`);
  return null;
}

/** The config file is there but cannot be used: one line naming it (exit 2). */
function broken(file: string, why: string, t: T): UsageError {
  return new UsageError(t(`配置文件 ${file} 有误：${why}`, `the config file ${file} is broken: ${why}`));
}

/** The config file's settings; {} when there is none. */
export function readConfig(file: string, t: T): Config {
  if (!fs.existsSync(file)) return {};
  let text: string;
  try {
    text = readSmallText(file, 64 * 1024);
  } catch (err) {
    throw broken(file, t(zhCause(err), (err as Error).message), t);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw broken(file, t(`不是有效的 JSON${jsonWhere((err as Error).message)}`, `not valid JSON (${(err as Error).message})`), t);
  }
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw broken(file, t('应为一个 JSON 对象', 'expected one JSON object'), t);
  const config: Config = {};
  for (const [k, v] of Object.entries(raw)) {
    const bad = badValue(k, v, t);
    if (bad) throw broken(file, bad, t);
    config[k as ConfigKey] = (v as string).trim();
  }
  return config;
}

/** Writes the settings whole (a temporary file, fsync, rename), creating the folder (owner only). */
export function writeConfig(file: string, config: Config): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const ordered = Object.fromEntries(CONFIG_KEYS.filter((k) => config[k] !== undefined).map((k) => [k, config[k]]));
  writeFileAtomic(file, `${JSON.stringify(ordered, null, 2)}\n`, { replace: true, own: true });
}
