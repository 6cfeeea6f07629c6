import type { DataSource } from 'typeorm';
import { CaseEntity } from './case.entity';
import { fastEntityCopier } from './fast-entity-copier';

/**
 * The `cases` table's column names by entity property, read once from the TypeORM metadata: the hot writes (a new
 * report, a transition) are plain SQL — query building cost more CPU than the database did (docs/benchmarks.md) —
 * and the entity stays the one description of the table.
 */
export class CaseColumns {
  private readonly byProperty: Map<string, string>;

  /** `SELECT * FROM cases` row → entity, and entity-like values → entity (see fastEntityCopier). */
  private readonly fromRow: (row: Record<string, unknown>) => CaseEntity;
  private readonly fromValues: (values: Partial<CaseEntity>) => CaseEntity;

  constructor(ds: DataSource) {
    this.byProperty = new Map(ds.getMetadata(CaseEntity).columns.map((c) => [c.propertyName, c.databaseName]));
    this.fromRow = fastEntityCopier(CaseEntity, [...this.byProperty].map(([property, column]) => ({ to: property, from: column })));
    this.fromValues = fastEntityCopier(CaseEntity, [...this.byProperty.keys()].map((property) => ({ to: property, from: property })));
  }

  /** A `SELECT * FROM cases` row as the entity (pg has already parsed dates, numbers and booleans). */
  toEntity(row: Record<string, unknown>): CaseEntity {
    return this.fromRow(row);
  }

  /** A case entity of these values (every column; a property not given is `undefined`, which no write sends). */
  entity(values: Partial<CaseEntity>): CaseEntity {
    return this.fromValues(values);
  }

  column(property: string): string {
    const name = this.byProperty.get(property);
    if (!name) throw new Error(`cases has no column for property ${property}`);
    return name;
  }

  /** `INSERT INTO cases (...) <select>` parts for a whole row: every entity property, in the metadata's order. */
  insertParts(row: CaseEntity, params: unknown[]): { columns: string; values: string } {
    const columns: string[] = [];
    const values: string[] = [];
    for (const [property, column] of this.byProperty) {
      const value = (row as unknown as Record<string, unknown>)[property];
      if (value === undefined) continue;
      params.push(value);
      columns.push(`"${column}"`);
      values.push(`$${params.length}`);
    }
    return { columns: columns.join(', '), values: values.join(', ') };
  }

  /** `SET ...` of an UPDATE from changed properties (ids and the version are the caller's business). */
  setClause(changes: Record<string, unknown>, params: unknown[]): string {
    const parts: string[] = [];
    for (const [property, value] of Object.entries(changes)) {
      if (value === undefined || property === 'id' || property === 'version') continue;
      params.push(value);
      parts.push(`"${this.column(property)}" = $${params.length}`);
    }
    return parts.join(', ');
  }
}
