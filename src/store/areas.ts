import type { Driver, Statement } from './driver.js';
import type { RiskArea } from '../domain/area.js';

export interface AreaRow extends RiskArea {
  id: number;
  created_at: string;
  created_by: string;
}

export class AreaRepo {
  private readonly insertStmt: Statement;
  private readonly allStmt: Statement;
  private readonly byRegionStmt: Statement;
  private readonly setToStmt: Statement;
  private readonly deleteStmt: Statement;

  constructor(db: Driver) {
    this.insertStmt = db.prepare(
      'INSERT INTO risk_areas (region, region_code, region_name, level, valid_from, valid_to, created_at, created_by) VALUES (@region, @region_code, @region_name, @level, @valid_from, @valid_to, @created_at, @created_by)',
    );
    this.allStmt = db.prepare('SELECT * FROM risk_areas ORDER BY region, valid_from, id');
    this.byRegionStmt = db.prepare('SELECT * FROM risk_areas WHERE region = ? ORDER BY valid_from, id');
    this.setToStmt = db.prepare('UPDATE risk_areas SET valid_to = ? WHERE id = ?');
    this.deleteStmt = db.prepare('DELETE FROM risk_areas WHERE id = ?');
  }

  insert(a: RiskArea, createdAt: string, createdBy: string): number {
    const row = { region: a.region, region_code: a.region_code ?? null, region_name: a.region_name ?? null, level: a.level, valid_from: a.valid_from, valid_to: a.valid_to };
    return Number(this.insertStmt.run({ ...row, created_at: createdAt, created_by: createdBy }).lastInsertRowid);
  }

  all(): AreaRow[] {
    return this.allStmt.all() as AreaRow[];
  }

  forRegion(region: string): AreaRow[] {
    return this.byRegionStmt.all(region) as AreaRow[];
  }

  setValidTo(id: number, validTo: string): void {
    this.setToStmt.run(validTo, id);
  }

  delete(id: number): void {
    this.deleteStmt.run(id);
  }
}
