/**
 * The one progress bar (over cli-progress) of every long job: imports of every kind, exports,
 * quarantine reassess. On stderr, and only when stderr is a terminal (a script's log never gets
 * one); its label in the user's language. Jobs too small to need one get none (`min`).
 */
import type { Lang } from '../domain/i18n.js';

export interface Progress {
  /** How much is done (of the total given at the start). */
  update(done: number): void;
  /** Done (or failed): the bar is drawn full or left where it was, and the line ended. */
  stop(): void;
}

export interface ProgressOptions {
  stream: NodeJS.WritableStream;
  /** stderr is a terminal: without it, no bar. */
  isTTY: boolean;
  lang: Lang;
  /** What is being done, in both languages: 导入 / importing. */
  label: { zh: string; en: string };
  /** The total (bytes of a file, rows, measures). */
  total: number;
  /** Below this total, no bar (the job is quick). */
  min: number;
}

/** A bar on stderr when it is a terminal and the job is at least `min` big; else null. */
export async function progressBar(o: ProgressOptions): Promise<Progress | null> {
  if (!o.isTTY || o.total < o.min || o.total <= 0) return null;
  const { default: cliProgress } = await import('cli-progress');
  const label = o.lang === 'zh' ? o.label.zh : o.label.en;
  const eta = o.lang === 'zh' ? '剩余' : 'ETA';
  const bar = new cliProgress.SingleBar(
    { stream: o.stream, format: `${label} [{bar}] {percentage}% | ${eta} {eta_formatted}`, hideCursor: true },
    cliProgress.Presets.shades_classic,
  );
  bar.start(o.total, 0);
  let stopped = false;
  return {
    update(done) {
      if (!stopped) bar.update(Math.min(done, o.total));
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

/**
 * A service's progress callback, `(done, total)`: the bar is made at its first call, when the
 * total is known (a service counts first). Without a terminal on stderr: no callback at all, so
 * the service does not even count.
 */
export async function progressCallback(o: Omit<ProgressOptions, 'total'>): Promise<{ onProgress?: (done: number, total: number) => void; stop(): void }> {
  if (!o.isTTY) return { stop() {} };
  const { default: cliProgress } = await import('cli-progress');
  let bar: InstanceType<typeof cliProgress.SingleBar> | null = null;
  let made = false;
  let total = 0;
  return {
    onProgress(done, all) {
      if (!made) {
        made = true;
        total = all;
        if (all < o.min || all <= 0) return;
        const label = o.lang === 'zh' ? o.label.zh : o.label.en;
        const eta = o.lang === 'zh' ? '剩余' : 'ETA';
        bar = new cliProgress.SingleBar({ stream: o.stream, format: `${label} [{bar}] {percentage}% | {value}/{total} | ${eta} {eta_formatted}`, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(all, 0);
      }
      bar?.update(Math.min(done, total));
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}

/** The rows of an iterable passed through, `update` told every `every` rows and at the end. */
export function* counted<T>(rows: Iterable<T>, update: ((done: number) => void) | undefined, every = 1000): Generator<T> {
  if (!update) {
    yield* rows;
    return;
  }
  let n = 0;
  update(0);
  for (const r of rows) {
    yield r;
    if (++n % every === 0) update(n);
  }
  update(n);
}
