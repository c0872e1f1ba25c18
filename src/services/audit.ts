import { localDateTime } from '../domain/dates.js';
import type { Store } from '../store/db.js';
import type { ServiceContext } from './context.js';

/** Leaves a line in the audit log that personal data was shown in full (--reveal). */
export function recordReveal(store: Store, ctx: ServiceContext, command: string): void {
  store.transaction(() =>
    store.audit.write({ at: localDateTime(ctx.now), actor: ctx.actor, action: 'reveal', record: command }),
  );
}
