import type { Driver, Statement } from './driver.js';

export class SettingsRepo {
  private readonly getStmt: Statement;
  private readonly setStmt: Statement;
  private readonly allStmt: Statement;

  constructor(db: Driver) {
    this.getStmt = db.prepare('SELECT value FROM settings WHERE key = ?');
    this.setStmt = db.prepare(
      'INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?, ?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at, updated_by = excluded.updated_by',
    );
    this.allStmt = db.prepare('SELECT key, value, updated_at, updated_by FROM settings ORDER BY key');
  }

  get(key: string): string | undefined {
    return (this.getStmt.get(key) as { value: string } | undefined)?.value;
  }

  set(key: string, value: string, at: string, by: string): void {
    this.setStmt.run(key, value, at, by);
  }

  all(): Array<{ key: string; value: string; updated_at: string; updated_by: string }> {
    return this.allStmt.all() as Array<{ key: string; value: string; updated_at: string; updated_by: string }>;
  }
}
