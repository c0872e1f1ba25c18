import type { Driver, Statement } from './driver.js';
import type { Category } from '../domain/policy.js';

export interface LocalPolicyRow {
  id: string;
  definition: string;
  created_at: string;
  created_by: string;
}

export interface LocalRuleRow {
  id: number;
  category: Category;
  policy_id: string | null;
  valid_from: string;
  note: string | null;
  /** '<14', '>=14' …: only for arrivals that many days before being brought under management (issue 24). */
  since_arrival?: string | null;
  created_at: string;
  created_by: string;
}

/** Policies and rule-table rows an official added; the shipped ones are in data/. */
export class PolicyRepo {
  private readonly insertPolicyStmt: Statement;
  private readonly policiesStmt: Statement;
  private readonly insertRuleStmt: Statement;
  private readonly rulesStmt: Statement;

  constructor(db: Driver) {
    this.insertPolicyStmt = db.prepare('INSERT INTO policies (id, definition, created_at, created_by) VALUES (?, ?, ?, ?)');
    this.policiesStmt = db.prepare('SELECT * FROM policies ORDER BY id');
    this.insertRuleStmt = db.prepare(
      'INSERT INTO policy_rules (category, policy_id, valid_from, note, created_at, created_by, since_arrival) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    this.rulesStmt = db.prepare('SELECT * FROM policy_rules ORDER BY valid_from, id');
  }

  insertPolicy(id: string, definition: string, at: string, by: string): void {
    this.insertPolicyStmt.run(id, definition, at, by);
  }

  policies(): LocalPolicyRow[] {
    return this.policiesStmt.all() as LocalPolicyRow[];
  }

  insertRule(category: Category, policyId: string | null, from: string, note: string | null, at: string, by: string, sinceArrival: string | null = null): number {
    return Number(this.insertRuleStmt.run(category, policyId, from, note, at, by, sinceArrival).lastInsertRowid);
  }

  rules(): LocalRuleRow[] {
    return this.rulesStmt.all() as LocalRuleRow[];
  }
}
