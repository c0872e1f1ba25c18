/** The quarantine ledger (台账): who is in which phase, where, on a date. */
import { daysBetween } from '../../domain/dates.js';
import type { PhaseKind } from '../../domain/policy.js';
import type { Store } from '../../store/db.js';
import { findSite } from '../sites.js';

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
  /** 'positive' when a positive test is on record (awaiting the official's decision, or decided and kept). */
  flag: string | null;
  /** What was decided about it: confirmed, transferred (the flag kept) or false_positive (cleared). */
  flag_decision: string | null;
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
        flag_decision: r.flag_decision,
      };
    });
}
