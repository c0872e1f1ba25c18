/**
 * Assigning quarantine policies and following them to release: assign, the day's ledger,
 * release, transfer between sites, and bulk reassessment when a rule changes.
 * History is kept: a change adds rows (placements, a replacement measure) and an audit row.
 */
import { DuplicateError, NotFoundError, UsageError, ValidationError } from '../domain/errors.js';
import { addDays, daysBetween, localDateTime, parseDate } from '../domain/dates.js';
import { derivedStart, phaseOn, schedule, type Category, type PhaseKind, type Policy, type RiskLevel, type Schedule } from '../domain/policy.js';
import type { Store } from '../store/db.js';
import type { ArrivalRow } from '../store/arrivals.js';
import type { MeasureRow } from '../store/measures.js';
import type { ServiceContext } from './context.js';
import { getPolicy, policyChooser, type Choice } from './policy.js';
import { resolveArrival } from './registration.js';
import { findSite, firstFullDay } from './sites.js';

export interface AssignOptions {
  policy?: string;
  start?: string;
  site?: string;
  home?: boolean;
  force?: boolean;
}

export interface PlannedPhase {
  kind: PhaseKind;
  start: string;
  end: string;
  days: number;
  tests: Array<{ day: number; date: string }>;
}

export interface Assignment {
  measure_id: number | null;
  arrival_id: number;
  name: string;
  id_number: string;
  assigned: boolean;
  policy: string | null;
  policy_name: { zh: string; en: string } | null;
  /** How the policy was chosen: the rule's period and category, or "--policy". */
  chosen_by: string;
  category: Category;
  risk: RiskLevel;
  risk_area: string | null;
  start_date: string | null;
  start_basis: 'given' | 'exposure' | 'arrival' | null;
  phases: PlannedPhase[];
  test_dates: string[];
  release_date: string | null;
  site: string | null;
  home: boolean;
}

function describeRule(c: Choice): string {
  return c.rule ? `${c.rule.from} ${c.category} → ${c.rule.policy ?? 'none'}${c.rule.local ? ' (local)' : ''}` : `no rule for ${c.category}`;
}

function centralizedSpan(s: Schedule): { from: string; to: string } | null {
  const c = s.phases.filter((p) => p.kind === 'centralized');
  return c.length ? { from: c[0].start, to: c[c.length - 1].end } : null;
}

function planOf(s: Schedule): Pick<Assignment, 'start_date' | 'phases' | 'test_dates' | 'release_date'> {
  return { start_date: s.start_date, phases: s.phases, test_dates: s.test_dates, release_date: s.release_date };
}

interface Placement {
  siteId: number | null;
  siteName: string | null;
  home: boolean;
}

/** Checks where the person goes; refuses a full site unless force. */
function placementFor(store: Store, policy: Policy, sched: Schedule, opts: AssignOptions): Placement | null {
  if (opts.site && opts.home) throw new UsageError('give --site or --home, not both');
  if (opts.home) return { siteId: null, siteName: null, home: true };
  if (!opts.site) return null;
  const site = findSite(store, opts.site);
  const span = centralizedSpan(sched);
  if (!span) throw new ValidationError({ field: 'site', code: 'site_without_centralized', params: { policy: policy.id } });
  const full = firstFullDay(store, site.id, site.capacity, span.from, span.to);
  if (full && !opts.force) {
    throw new ValidationError({ field: 'site', code: 'site_full', params: { name: site.name, date: full.date, occupied: full.occupied, capacity: site.capacity } });
  }
  return { siteId: site.id, siteName: site.name, home: false };
}

function result(arrival: ArrivalRow, c: Omit<Choice, 'rule'> & { chosenBy: string }, fields: Partial<Assignment>): Assignment {
  return {
    measure_id: null,
    arrival_id: arrival.id,
    name: arrival.name,
    id_number: arrival.id_number,
    assigned: false,
    policy: c.policy?.id ?? null,
    policy_name: c.policy?.name ?? null,
    chosen_by: c.chosenBy,
    category: c.category,
    risk: c.risk,
    risk_area: c.area?.region ?? null,
    start_date: null,
    start_basis: null,
    phases: [],
    test_dates: [],
    release_date: null,
    site: null,
    home: false,
    ...fields,
  };
}

function writeMeasure(store: Store, arrival: ArrivalRow, policy: Policy, rule: string, sched: Schedule, place: Placement | null, ctx: ServiceContext, at: string): number {
  const id = store.measures.insert(
    { arrival_id: arrival.id, policy_id: policy.id, policy: JSON.stringify(policy), rule, schedule: sched, status: 'active', released_on: null, release_reason: null, in_force_from: null },
    at,
    ctx.actor,
  );
  if (place) store.measures.place(id, place.siteId, sched.start_date, null, at, ctx.actor);
  store.audit.write({ at, actor: ctx.actor, action: 'measure.assign', record: `measure:${id}`, after: { arrival_id: arrival.id, policy: policy.id, rule, start_date: sched.start_date, release_date: sched.release_date, site: place?.siteName ?? null, home: place?.home ?? false } });
  return id;
}

/** Assigns a policy to an arrival: the one given, or the one the rule table chooses. */
export function assign(store: Store, key: string, opts: AssignOptions, ctx: ServiceContext): Assignment {
  const arrival = resolveArrival(store, key, ctx);
  const current = store.measures.currentForArrival(arrival.id);
  if (current) {
    throw new DuplicateError({ field: 'arrival', code: 'already_assigned', params: { id: arrival.id, policy: current.policy_id, measure: current.id } });
  }
  const choice = policyChooser(store)(arrival);
  let policy = choice.policy;
  let chosenBy = describeRule(choice);
  if (opts.policy) {
    policy = getPolicy(store, opts.policy);
    chosenBy = '--policy';
  }
  if (!policy) return result(arrival, { ...choice, chosenBy }, {});
  let start: string;
  let basis: Assignment['start_basis'];
  if (opts.start) {
    const d = parseDate(opts.start);
    if (!d) throw new ValidationError({ field: 'start', code: 'date', params: { value: opts.start } });
    start = d;
    basis = 'given';
  } else {
    const s = derivedStart(arrival);
    start = s.date;
    basis = s.basis;
  }
  const sched = schedule(policy, start);
  const place = placementFor(store, policy, sched, opts);
  const at = localDateTime(ctx.now);
  const id = store.transaction(() => writeMeasure(store, arrival, policy!, chosenBy, sched, place, ctx, at));
  return result(arrival, { ...choice, policy, chosenBy }, {
    measure_id: id,
    assigned: true,
    start_basis: basis,
    ...planOf(sched),
    site: place?.siteName ?? null,
    home: place?.home ?? false,
  });
}

export interface PendingResult {
  assigned: Assignment[];
  /** Arrivals for which the rule table says no measure. */
  no_measure: number;
}

/** Assigns every arrival that has never had a measure (of one arrival date, or all), in one transaction. */
export function assignPending(store: Store, date: string | null, ctx: ServiceContext): PendingResult {
  const choose = policyChooser(store);
  const at = localDateTime(ctx.now);
  return store.transaction(() => {
    const out: PendingResult = { assigned: [], no_measure: 0 };
    for (const { id } of store.measures.pendingArrivals(date)) {
      const arrival = store.arrivals.get(id)!;
      const choice = choose(arrival);
      if (!choice.policy) {
        out.no_measure++;
        continue;
      }
      const s = derivedStart(arrival);
      const sched = schedule(choice.policy, s.date);
      const rule = describeRule(choice);
      const mid = writeMeasure(store, arrival, choice.policy, rule, sched, null, ctx, at);
      out.assigned.push(result(arrival, { ...choice, chosenBy: rule }, { measure_id: mid, assigned: true, start_basis: s.basis, ...planOf(sched) }));
    }
    return out;
  });
}

// ——— following to release ———

export interface LedgerRow {
  measure_id: number;
  arrival_id: number;
  name: string;
  id_number: string;
  phone: string;
  policy: string;
  phase: PhaseKind;
  phase_day: number;
  phase_days: number;
  phase_start: string;
  phase_end: string;
  site: string | null;
  /** Where the person is: the site, home, or not yet placed. */
  place: 'site' | 'home' | 'unplaced';
  address: string;
  township: string | null;
  release_date: string;
  /** 'positive' when a positive test awaits the official's decision. */
  flag: string | null;
}

/** Who is in which phase on a date (台账). */
export function quarantineList(store: Store, date: string, kind: PhaseKind | null, site: string | null): LedgerRow[] {
  if (site) findSite(store, site);
  return store.measures
    .activeOn(date, kind)
    .filter((r) => !site || r.site_name === site.trim())
    .map((r) => {
      const days = daysBetween(r.phase_start, r.phase_end) + 1;
      const day = daysBetween(r.phase_start, date) + 1;
      return {
        measure_id: r.id,
        arrival_id: r.arrival_id,
        name: r.name,
        id_number: r.id_number,
        phone: r.phone,
        policy: r.policy_id,
        phase: r.phase_kind,
        phase_day: day,
        phase_days: days,
        phase_start: r.phase_start,
        phase_end: r.phase_end,
        site: r.phase_kind === 'centralized' ? r.site_name : null,
        // outside a centralised phase a person is at home whether or not anyone placed them
        place: r.site_id !== null && r.phase_kind === 'centralized' ? 'site' : r.placed || r.phase_kind !== 'centralized' ? 'home' : 'unplaced',
        address: r.destination,
        township: r.township,
        release_date: r.released_on ?? r.release_date,
        flag: r.flag,
      };
    });
}

export interface MeasureView {
  measure_id: number;
  status: string;
  policy: string;
  rule: string;
  start_date: string;
  phases: Array<{ kind: PhaseKind; start: string; end: string }>;
  test_dates: string[];
  release_date: string;
  planned_release_date: string;
  released_on: string | null;
  release_reason: string | null;
  placements: Array<{ from: string; site: string | null; home: boolean }>;
  superseded_by: number | null;
  in_force_from: string | null;
  flag: string | null;
  flagged_on: string | null;
}

function view(store: Store, m: MeasureRow): MeasureView {
  return {
    measure_id: m.id,
    status: m.status,
    policy: m.policy_id,
    rule: m.rule,
    start_date: m.start_date,
    phases: store.measures.phases(m.id).map((p) => ({ kind: p.kind, start: p.start_date, end: p.end_date })),
    test_dates: store.measures.tests(m.id).map((t) => t.test_date),
    release_date: m.released_on ?? m.release_date,
    planned_release_date: m.release_date,
    released_on: m.released_on,
    release_reason: m.release_reason,
    placements: store.measures.placements(m.id).map((p) => ({ from: p.from_date, site: p.site_name, home: p.site_id === null })),
    superseded_by: m.superseded_by,
    in_force_from: m.in_force_from,
    flag: m.flag,
    flagged_on: m.flagged_on,
  };
}

export interface QuarantineView extends MeasureView {
  arrival_id: number;
  name: string;
  id_number: string;
  arrival_date: string;
  origin: string;
  /** Where the person is in the measure on `today`. */
  today: { date: string; phase: PhaseKind | null; phase_day: number | null; state: 'before' | 'in' | 'released' };
  history: MeasureView[];
}

/** A person's measure (the latest), its dates and its history. */
export function quarantineShow(store: Store, key: string, ctx: Pick<ServiceContext, 'today'>): QuarantineView {
  const arrival = resolveArrival(store, key, ctx);
  const all = store.measures.forArrival(arrival.id);
  if (all.length === 0) throw new NotFoundError({ field: 'arrival', code: 'no_measure', params: { id: arrival.id } });
  const history = all.map((m) => view(store, m));
  const cur = history.filter((m) => m.status !== 'superseded').pop() ?? history[history.length - 1];
  const m = all.find((x) => x.id === cur.measure_id)!;
  const sched = schedule(JSON.parse(m.policy) as Policy, m.start_date);
  const on = phaseOn(sched, ctx.today);
  const released = ctx.today >= cur.release_date;
  return {
    arrival_id: arrival.id,
    name: arrival.name,
    id_number: arrival.id_number,
    arrival_date: arrival.arrival_date,
    origin: arrival.origin,
    ...cur,
    today: {
      date: ctx.today,
      phase: !released && on ? on.phase.kind : null,
      phase_day: !released && on ? on.day : null,
      state: ctx.today < cur.start_date ? 'before' : released ? 'released' : 'in',
    },
    history,
  };
}

function currentMeasure(store: Store, key: string, ctx: ServiceContext): { arrival: ArrivalRow; measure: MeasureRow } {
  const arrival = resolveArrival(store, key, ctx);
  const measure = store.measures.currentForArrival(arrival.id);
  if (!measure) throw new NotFoundError({ field: 'arrival', code: 'no_active_measure', params: { id: arrival.id } });
  return { arrival, measure };
}

/** Ends a measure: early, or on its planned release date (a normal release). */
export function release(store: Store, key: string, opts: { date?: string; reason: string }, ctx: ServiceContext): MeasureView {
  const reason = (opts.reason ?? '').trim();
  if (!reason) throw new ValidationError({ field: 'reason', code: 'required' });
  const date = opts.date ? parseDate(opts.date) : ctx.today;
  if (!date) throw new ValidationError({ field: 'date', code: 'date', params: { value: opts.date } });
  if (date > ctx.today) throw new ValidationError({ field: 'date', code: 'date_future', params: { value: date, today: ctx.today } });
  const { measure } = currentMeasure(store, key, ctx);
  if (date < measure.start_date) throw new ValidationError({ field: 'date', code: 'release_before_start', params: { date, start: measure.start_date } });
  if (date > measure.release_date) throw new ValidationError({ field: 'date', code: 'release_after_end', params: { date, release: measure.release_date } });
  const at = localDateTime(ctx.now);
  return store.transaction(() => {
    store.measures.release(measure.id, date, reason);
    const after = store.measures.get(measure.id)!;
    store.audit.write({ at, actor: ctx.actor, action: 'measure.release', record: `measure:${measure.id}`, before: { status: measure.status, release_date: measure.release_date }, after: { status: after.status, released_on: date, reason } });
    return view(store, after);
  });
}

/** Moves a person to another site, or home, from a date (default today). */
export function transfer(store: Store, key: string, opts: { site?: string; home?: boolean; date?: string; force?: boolean }, ctx: ServiceContext): MeasureView {
  if (!opts.site === !opts.home) throw new UsageError('give --site NAME or --home');
  const date = opts.date ? parseDate(opts.date) : ctx.today;
  if (!date) throw new ValidationError({ field: 'date', code: 'date', params: { value: opts.date } });
  const { measure } = currentMeasure(store, key, ctx);
  if (date < measure.start_date || date >= measure.release_date) {
    throw new ValidationError({ field: 'date', code: 'outside_measure', params: { date, start: measure.start_date, end: addDays(measure.release_date, -1) } });
  }
  let siteId: number | null = null;
  let siteName: string | null = null;
  if (opts.site) {
    const site = findSite(store, opts.site);
    const central = store.measures.phases(measure.id).filter((p) => p.kind === 'centralized' && p.end_date >= date);
    if (central.length === 0) throw new ValidationError({ field: 'site', code: 'site_without_centralized', params: { policy: measure.policy_id } });
    const from = date > central[0].start_date ? date : central[0].start_date;
    const full = firstFullDay(store, site.id, site.capacity, from, central[central.length - 1].end_date);
    if (full && !opts.force) throw new ValidationError({ field: 'site', code: 'site_full', params: { name: site.name, date: full.date, occupied: full.occupied, capacity: site.capacity } });
    siteId = site.id;
    siteName = site.name;
  }
  const before = store.measures.placements(measure.id).filter((p) => p.from_date <= date).pop() ?? null;
  const at = localDateTime(ctx.now);
  return store.transaction(() => {
    store.measures.place(measure.id, siteId, date, null, at, ctx.actor);
    store.audit.write({ at, actor: ctx.actor, action: 'measure.transfer', record: `measure:${measure.id}`, before: before ? { site: before.site_name, home: before.site_id === null } : null, after: { from: date, site: siteName, home: siteId === null } });
    return view(store, store.measures.get(measure.id)!);
  });
}

// ——— bulk reassessment ———

export interface ReassessRow {
  measure_id: number;
  new_measure_id: number | null;
  arrival_id: number;
  name: string;
  id_number: string;
  start_date: string;
  old_phases: Array<{ kind: PhaseKind; start: string; end: string }>;
  old_release_date: string;
  new_phases: Array<{ kind: PhaseKind; start: string; end: string }>;
  new_release_date: string;
  /** released: the new measure is already over, so the person is released on the reassessment date. */
  effect: 'released' | 'shortened' | 'extended' | 'unchanged';
  released_on: string | null;
}

export interface ReassessResult {
  from_policy: string;
  to_policy: string;
  date: string;
  dry_run: boolean;
  changes: ReassessRow[];
}

/**
 * Moves everyone still under policy A on the date to policy B, from the same start date.
 * Nobody is changed silently: dryRun lists the changes; otherwise all are applied in one
 * transaction, each recorded. Whose new measure is already over is released as of the date.
 */
export function reassess(store: Store, opts: { from: string; to: string; date?: string; dryRun: boolean }, ctx: ServiceContext): ReassessResult {
  const a = getPolicy(store, opts.from);
  const b = getPolicy(store, opts.to);
  if (a.id === b.id) throw new UsageError(`--from-policy and --to-policy are both ${a.id}`);
  const date = opts.date ? parseDate(opts.date) : ctx.today;
  if (!date) throw new ValidationError({ field: 'date', code: 'date', params: { value: opts.date } });
  const at = localDateTime(ctx.now);
  const run = (): ReassessRow[] => {
    const rows: ReassessRow[] = [];
    for (const m of store.measures.activeByPolicy(a.id)) {
      if (m.release_date <= date) continue; // already over: nothing to change
      const arrival = store.arrivals.get(m.arrival_id)!;
      const sched = schedule(b, m.start_date);
      const over = sched.release_date <= date;
      const effect: ReassessRow['effect'] = over ? 'released' : sched.release_date < m.release_date ? 'shortened' : sched.release_date > m.release_date ? 'extended' : 'unchanged';
      const row: ReassessRow = {
        measure_id: m.id,
        new_measure_id: null,
        arrival_id: m.arrival_id,
        name: arrival.name,
        id_number: arrival.id_number,
        start_date: m.start_date,
        old_phases: store.measures.phases(m.id).map((p) => ({ kind: p.kind, start: p.start_date, end: p.end_date })),
        old_release_date: m.release_date,
        new_phases: sched.phases.map((p) => ({ kind: p.kind, start: p.start, end: p.end })),
        new_release_date: sched.release_date,
        effect,
        released_on: over ? date : null,
      };
      if (!opts.dryRun) {
        const rule = `reassess ${a.id} → ${b.id} on ${date}`;
        const nid = store.measures.insert(
          { arrival_id: m.arrival_id, policy_id: b.id, policy: JSON.stringify(b), rule, schedule: sched, status: over ? 'released' : 'active', released_on: over ? date : null, release_reason: over ? `reassessed to ${b.id}: already over` : null, in_force_from: date },
          at,
          ctx.actor,
        );
        for (const p of store.measures.placements(m.id)) store.measures.place(nid, p.site_id, p.from_date, p.note, at, ctx.actor);
        store.measures.supersede(m.id, nid, date);
        store.audit.write({ at, actor: ctx.actor, action: 'measure.reassess', record: `measure:${m.id}`, before: { policy: a.id, release_date: m.release_date }, after: { measure: nid, policy: b.id, release_date: sched.release_date, released_on: row.released_on } });
        row.new_measure_id = nid;
      }
      rows.push(row);
    }
    return rows;
  };
  const changes = opts.dryRun ? run() : store.transaction(run);
  return { from_policy: a.id, to_policy: b.id, date, dry_run: opts.dryRun, changes };
}
