import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { isTextClassifierModel, type TextClassifierModel } from '@gridops/domain';
import type { SuggestionModelInfo } from '@gridops/contracts';

/** What `suggestion_models.model` holds: the category model and, when kept, the 片区 model. */
export interface StoredSuggestionModels {
  category: TextClassifierModel;
  district: TextClassifierModel | null;
}

export interface SuggestionModelRow extends SuggestionModelInfo {
  dataUntil: Date;
  dataChecksum: string;
}

export interface NewSuggestionModel {
  nTrain: number;
  nTest: number;
  top1: number;
  top3: number;
  districtTop1: number | null;
  districtTop3: number | null;
  dataUntil: Date;
  dataChecksum: string;
  model: StoredSuggestionModels;
}

/** NOTIFYed with the version after a new model is stored: the api loads it at once. */
export const SUGGESTIONS_CHANNEL = 'gridops_suggestions';

const INFO_COLUMNS = `version, trained_at, n_train, n_test, top1, top3, district_top1, district_top3, data_until, data_checksum`;

interface InfoRow {
  version: number;
  trained_at: Date;
  n_train: number;
  n_test: number;
  top1: number;
  top3: number;
  district_top1: number | null;
  district_top3: number | null;
  data_until: Date;
  data_checksum: string;
}

const toInfo = (r: InfoRow): SuggestionModelRow => ({
  version: r.version,
  trainedAt: r.trained_at.toISOString(),
  nTrain: r.n_train,
  nTest: r.n_test,
  top1: r.top1,
  top3: r.top3,
  districtTop1: r.district_top1,
  districtTop3: r.district_top3,
  dataUntil: r.data_until,
  dataChecksum: r.data_checksum.trim(),
});

/** `suggestion_models` (migration SuggestionModels1764900000500): versions of the suggestion models, newest wins. */
@Injectable()
export class SuggestionModelStore {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** The newest version's figures (no weights), or null when no model was ever made. */
  async latestInfo(): Promise<SuggestionModelRow | null> {
    const rows: InfoRow[] = await this.ds.query(`SELECT ${INFO_COLUMNS} FROM suggestion_models ORDER BY version DESC LIMIT 1`);
    return rows[0] ? toInfo(rows[0]) : null;
  }

  /** The newest version number: one index probe, what the api checks before reloading the weights. */
  async latestVersion(): Promise<number | null> {
    const rows: { version: number | null }[] = await this.ds.query(`SELECT max(version) AS version FROM suggestion_models`);
    return rows[0]?.version ?? null;
  }

  /** A version with its weights; null when absent or not a model this release reads. */
  async load(version: number): Promise<{ info: SuggestionModelRow; model: StoredSuggestionModels } | null> {
    const rows: (InfoRow & { model: unknown })[] = await this.ds.query(`SELECT ${INFO_COLUMNS}, model FROM suggestion_models WHERE version = $1`, [version]);
    const row = rows[0];
    if (!row) return null;
    const m = row.model as Partial<StoredSuggestionModels> | null;
    if (!m || !isTextClassifierModel(m.category) || (m.district != null && !isTextClassifierModel(m.district))) return null;
    return { info: toInfo(row), model: { category: m.category, district: m.district ?? null } };
  }

  /** Store a new version; null when a version of the same data exists already (its checksum): nothing to add. */
  async insert(m: NewSuggestionModel): Promise<number | null> {
    const rows: { version: number }[] = await this.ds.query(
      `INSERT INTO suggestion_models (n_train, n_test, top1, top3, district_top1, district_top3, data_until, data_checksum, model)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb)
       ON CONFLICT ON CONSTRAINT uq_suggestion_models_checksum DO NOTHING
       RETURNING version`,
      [m.nTrain, m.nTest, m.top1, m.top3, m.districtTop1, m.districtTop3, m.dataUntil, m.dataChecksum, JSON.stringify(m.model)],
    );
    const version = rows[0]?.version ?? null;
    if (version !== null) await this.ds.query(`SELECT pg_notify($1, $2)`, [SUGGESTIONS_CHANNEL, String(version)]);
    return version;
  }
}
