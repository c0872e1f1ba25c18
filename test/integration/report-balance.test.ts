/**
 * The measure counts balance on any history: fast-check generates histories of assignments
 * (policies with phase changes, at a site, at home, unplaced), early releases, transfers,
 * cancellations (back-dated too), reassessments between policies, positives transferred (转运)
 * and the day the rules end every measure (quarantine end --all) — each refused one is simply
 * refused — and for every kind and every day
 *   active(d) = active(d−1) + started + moved_in − moved_out − released − transferred − ended_by_rule − cancelled;
 * `active` is also what the ledger (quarantine list, another query) says of each person that day,
 * and the flows are what the ledger of the two evenings implies.
 */
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays } from '../../src/domain/dates.js';
import { FangkongError } from '../../src/domain/errors.js';
import { PHASE_KINDS, type PhaseKind } from '../../src/domain/policy.js';
import { FLOWS } from '../../src/domain/report.js';
import { assign } from '../../src/services/quarantine/assign.js';
import { cancel } from '../../src/services/quarantine/cancel.js';
import { quarantineList } from '../../src/services/quarantine/ledger.js';
import { reassess } from '../../src/services/quarantine/reassess.js';
import { release } from '../../src/services/quarantine/release.js';
import { transfer } from '../../src/services/quarantine/transfer.js';
import { endAll } from '../../src/services/quarantine/end.js';
import { setRule } from '../../src/services/policy.js';
import { CATEGORIES } from '../../src/domain/policy.js';
import { recordResult, reviewPositive } from '../../src/services/testing.js';
import { registerArrival } from '../../src/services/registration.js';
import { dailyReport } from '../../src/services/reporting.js';
import { addSite } from '../../src/services/sites.js';
import type { Store } from '../../src/store/db.js';
import { cst, makeId, tmpDir, openTestStore, copyTestDb } from '../helpers.js';

const DAY0 = '2022-11-01';
const PEOPLE = 5;
const SPAN = 24;
const POLICIES = ['close-contact-5+3', 'close-contact-7+3', 'high-risk-area-7', 'high-risk-post-5', 'close-contact-14+7', 'low-risk-3d2t'];

const ctxOn = (day: number) => {
  const d = addDays(DAY0, day);
  return { today: d, now: cst(2022, 10, 1 + day, 12), actor: 'gen', tz: 'Asia/Shanghai' };
};

const assignment = { policy: fc.constantFrom(...POLICIES), start: fc.integer({ min: -3, max: 3 }), place: fc.constantFrom('site', 'home', 'none') };
/** What happens to a person after their assignment, so many days after it. */
const later = fc.oneof(
  fc.record({ t: fc.constant('release' as const), after: fc.integer({ min: 0, max: 14 }), back: fc.integer({ min: 0, max: 2 }) }),
  fc.record({ t: fc.constant('cancel' as const), after: fc.integer({ min: 0, max: 8 }), back: fc.integer({ min: 0, max: 4 }) }),
  fc.record({ t: fc.constant('transfer' as const), after: fc.integer({ min: 0, max: 12 }), to: fc.constantFrom('site', 'home') }),
  // a positive, transferred to hospital the same day: the measure ends as 转运
  fc.record({ t: fc.constant('positive' as const), after: fc.integer({ min: 0, max: 10 }) }),
  // a second measure: the right one after a cancellation, or a new one after a release
  fc.record({ t: fc.constant('assign' as const), after: fc.integer({ min: 0, max: 10 }), ...assignment }),
);
/** A person's story: assigned on a day, then what happens later; and now and then a reassessment of everyone under a policy. */
const story = fc.record({ day: fc.integer({ min: 0, max: 12 }), ...assignment, later: fc.array(later, { maxLength: 3 }) });
const reassessment = fc.record({ t: fc.constant('reassess' as const), day: fc.integer({ min: 0, max: SPAN }), from: fc.constantFrom(...POLICIES.slice(0, 3)), to: fc.constantFrom(...POLICIES.slice(0, 3)) });
/** Now and then the day the rules end every measure (local rows: none for every category), and everything running ends that day. */
const rulesEnd = fc.option(fc.record({ t: fc.constant('end' as const), day: fc.integer({ min: 4, max: SPAN }) }), { freq: 3 });
const histories = fc
  .tuple(fc.array(story, { minLength: 1, maxLength: PEOPLE }), fc.array(reassessment, { maxLength: 2 }), rulesEnd)
  .map(([stories, reassessments, end]) => [
    ...(end ? [end] : []),
    ...stories.flatMap((st, p) => [
      { t: 'assign' as const, p, day: st.day, policy: st.policy, start: st.start, place: st.place },
      ...st.later.map((l) => ({ ...l, p, day: st.day + l.after })),
    ]),
    ...reassessments,
  ]);
type Action =
  | { t: 'assign'; p: number; day: number; policy: string; start: number; place: string }
  | { t: 'release' | 'cancel'; p: number; day: number; back: number }
  | { t: 'transfer'; p: number; day: number; to: string }
  | { t: 'positive'; p: number; day: number }
  | { t: 'end'; day: number }
  | { t: 'reassess'; day: number; from: string; to: string };

let template: string | undefined;
/** A fresh database with the people registered and a site, copied from one made once. */
function fresh(): Store {
  if (!template) {
    template = path.join(tmpDir(), 'template.db');
    const s = openTestStore(template);
    addSite(s, { name: '党校', capacity: 100 }, ctxOn(0));
    addSite(s, { name: '宾馆', capacity: 100 }, ctxOn(0));
    for (let p = 0; p < PEOPLE; p++) {
      registerArrival(s, { name: `人员${"甲乙丙丁戊"[p]}`, id_number: makeId('440305', '19800101', String(200 + p)), phone: '13800138000', origin: '广东省深圳市', arrival_date: addDays(DAY0, 2 * p), transport: 'train', destination: '城关镇', contact_type: 'close', exposure_date: addDays(DAY0, 2 * p - 1) }, ctxOn(2 * p));
    }
    s.close();
  }
  return openTestStore(copyTestDb(template, path.join(tmpDir(), 'h.db')));
}

/** Applies a history in day order; what the services refuse (a second measure, a date outside it …) is skipped. */
function apply(store: Store, history: readonly Action[]): { applied: string[] } {
  const applied: string[] = [];
  const who = (p: number) => String(p + 1);
  for (const a of [...history].sort((x, y) => x.day - y.day)) {
    const ctx = ctxOn(a.day);
    try {
      if (a.t === 'assign') {
        assign(store, who(a.p), { policy: a.policy, start: addDays(DAY0, 2 * a.p + a.start), site: a.place === 'site' ? '党校' : undefined, home: a.place === 'home' }, ctx);
      } else if (a.t === 'release') release(store, who(a.p), { reason: 'gen', date: addDays(ctx.today, -a.back) }, ctx);
      else if (a.t === 'cancel') cancel(store, who(a.p), { reason: 'gen', date: addDays(ctx.today, -a.back) }, ctx);
      else if (a.t === 'transfer') transfer(store, who(a.p), { site: a.to === 'site' ? '宾馆' : undefined, home: a.to === 'home', force: true }, ctx);
      else if (a.t === 'positive') {
        recordResult(store, who(a.p), { date: ctx.today, result: 'positive' }, ctx);
        if (!reviewPositive(store, who(a.p), { decision: 'transferred', note: 'gen' }, ctx).transferred_measure) continue;
      } else if (a.t === 'end') {
        for (const category of CATEGORIES) setRule(store, { category, policy: 'none', from: ctx.today, note: 'gen: the end' }, ctx);
        if (endAll(store, { reason: 'gen', dryRun: false }, ctx).ended.length === 0) continue;
      }
      else if (a.from !== a.to) reassess(store, { from: a.from, to: a.to, dryRun: false }, ctx);
      applied.push(a.t);
    } catch (err) {
      if (!(err instanceof FangkongError)) throw err;
    }
  }
  return { applied };
}

/** Each arrival's kind at the end of a day, as the ledger says it: a centralised phase spent at home is home quarantine. */
function ledger(store: Store, date: string): Map<number, PhaseKind> {
  const latest = new Map<number, { measure: number; kind: PhaseKind }>();
  for (const r of quarantineList(store, date, null, null)) {
    const kind: PhaseKind = r.phase === 'centralized' && r.place === 'home' ? 'home_quarantine' : r.phase;
    // an arrival with two measures in force on one day counts once, under its latest
    const cur = latest.get(r.arrival_id);
    if (!cur || r.measure_id > cur.measure) latest.set(r.arrival_id, { measure: r.measure_id, kind });
  }
  return new Map([...latest].map(([id, v]) => [id, v.kind]));
}

describe('the measure counts balance on generated histories', () => {
  it('active(d) = active(d−1) + started + moved_in − moved_out − released − transferred − ended_by_rule − cancelled, for every kind and day; active and the flows are what the ledger says', () => {
    let sawCancelled = 0;
    let sawMoved = 0;
    let sawTransferred = 0;
    let sawEnded = 0;
    const kinds = new Map<string, number>();
    fc.assert(
      fc.property(histories, (history) => {
        const store = fresh();
        try {
          const { applied } = apply(store, history);
          for (const t of applied) kinds.set(t, (kinds.get(t) ?? 0) + 1);
          let before = dailyReport(store, addDays(DAY0, -5), 'u');
          let was = ledger(store, addDays(DAY0, -5));
          for (let d = -4; d <= SPAN + 30; d++) {
            const date = addDays(DAY0, d);
            const r = dailyReport(store, date, 'u');
            const now = ledger(store, date);
            for (const k of PHASE_KINDS) {
              const m = r.measures[k];
              expect(m.active, `${date} ${k}`).toBe(before.measures[k].active + m.started + m.moved_in - m.moved_out - m.released - m.transferred - m.ended_by_rule - m.cancelled);
              expect(m.active, `${date} ${k}: the ledger`).toBe([...now.values()].filter((x) => x === k).length);
              const started = [...now].filter(([id, x]) => x === k && !was.has(id)).length;
              const movedIn = [...now].filter(([id, x]) => x === k && was.has(id) && was.get(id) !== k).length;
              const movedOut = [...was].filter(([id, x]) => x === k && now.has(id) && now.get(id) !== k).length;
              const left = [...was].filter(([id, x]) => x === k && !now.has(id)).length;
              expect([m.started, m.moved_in, m.moved_out, m.released + m.transferred + m.ended_by_rule + m.cancelled], `${date} ${k}: the flows`).toEqual([started, movedIn, movedOut, left]);
              for (const f of FLOWS) expect(m[f]).toBeGreaterThanOrEqual(0);
              sawCancelled += m.cancelled;
              sawTransferred += m.transferred;
              sawEnded += m.ended_by_rule;
              sawMoved += m.moved_in;
            }
            expect(PHASE_KINDS.reduce((n, k) => n + r.measures[k].moved_in, 0)).toBe(PHASE_KINDS.reduce((n, k) => n + r.measures[k].moved_out, 0));
            before = r;
            was = now;
          }
        } finally {
          store.close();
        }
      }),
      { numRuns: 60, seed: 20221122 },
    );
    // the histories did exercise the flows that matter
    expect(sawCancelled).toBeGreaterThan(0);
    expect(sawMoved).toBeGreaterThan(0);
    expect(sawTransferred).toBeGreaterThan(0);
    expect(sawEnded).toBeGreaterThan(0);
    for (const t of ['assign', 'release', 'cancel', 'transfer', 'reassess', 'positive', 'end']) expect(kinds.get(t), `${t} applied`).toBeGreaterThan(0);
  }, 240_000); // 60 histories × 50 days of reports: a round trip a query on PostgreSQL
});
