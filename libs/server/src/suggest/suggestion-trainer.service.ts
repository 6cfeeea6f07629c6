import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MIN_TRAINING_TEXTS, trainSuggestionModels, type ClosedCaseText } from '@gridops/domain';
import { SuggestionModelStore } from './suggestion-model.store';

/** Cases closed since the last model before the next one is trained (the schedule checks every 15 minutes). */
export const RETRAIN_AFTER_NEW_CLOSED = 200;
/**
 * The most recent closed cases a model learns from: bounds the worker's memory and the training time, which runs on
 * the worker's event loop — 3.5 s for 10,000 cases on this 2-core machine at load average 37 (bench/suggest.mjs,
 * docs/suggestions.md), once per RETRAIN_AFTER_NEW_CLOSED closings.
 */
export const MAX_TRAINING_CASES = 10_000;

export type RetrainOutcome =
  | { kind: 'trained'; version: number; nTrain: number; nTest: number; top1: number; top3: number; districtKept: boolean }
  | { kind: 'skipped'; reason: string };

/**
 * Trains the suggestion models from the town's closed cases (state CLOSED: a void case's category was never
 * confirmed) — the description and the category the case was closed under. Deterministic: the same closed cases
 * give the same model, and the same data never makes a second version (its checksum is unique).
 */
@Injectable()
export class SuggestionTrainer {
  private readonly logger = new Logger('suggestions');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly store: SuggestionModelStore,
  ) {}

  /** What the scheduled job runs: train when there is no model yet, or when RETRAIN_AFTER_NEW_CLOSED cases closed since. */
  async retrainIfDue(): Promise<RetrainOutcome> {
    const last = await this.store.latestInfo();
    const [{ n }]: { n: number }[] = await this.ds.query(
      last ? `SELECT count(*)::int AS n FROM cases WHERE state = 'CLOSED' AND closed_at > $1` : `SELECT count(*)::int AS n FROM cases WHERE state = 'CLOSED'`,
      last ? [last.dataUntil] : [],
    );
    if (!last && n < MIN_TRAINING_TEXTS) return { kind: 'skipped', reason: `${n} closed cases, a first model needs ${MIN_TRAINING_TEXTS}` };
    if (last && n < RETRAIN_AFTER_NEW_CLOSED) return { kind: 'skipped', reason: `${n} cases closed since version ${last.version}, retraining waits for ${RETRAIN_AFTER_NEW_CLOSED}` };
    return this.retrain();
  }

  /** Train from the closed cases now and store a version (unless one of the same data exists). */
  async retrain(): Promise<RetrainOutcome> {
    const rows: { id: string; description: string; category_code: string; district_code: string; closed_at: Date }[] = await this.ds.query(
      `SELECT id, description, category_code, district_code, closed_at FROM cases
        WHERE state = 'CLOSED' AND closed_at IS NOT NULL
        ORDER BY closed_at DESC, id DESC LIMIT $1`,
      [MAX_TRAINING_CASES],
    );
    if (rows.length === 0) return { kind: 'skipped', reason: 'no closed cases' };
    const cases: ClosedCaseText[] = rows.map((r) => ({ id: r.id, description: r.description, categoryCode: r.category_code, districtCode: r.district_code }));
    const started = Date.now();
    const trained = trainSuggestionModels(cases);
    if (!trained) return { kind: 'skipped', reason: `too little to learn from (${cases.length} closed cases)` };
    const dataChecksum = checksumOf(cases);
    const dataUntil = rows.reduce((max, r) => (r.closed_at > max ? r.closed_at : max), rows[0].closed_at);
    const { category, district } = trained;
    const version = await this.store.insert({
      nTrain: category.nTrain,
      nTest: category.nTest,
      top1: category.evaluation.top1,
      top3: category.evaluation.top3,
      districtTop1: district?.evaluation.top1 ?? null,
      districtTop3: district?.evaluation.top3 ?? null,
      dataUntil,
      dataChecksum,
      model: { category: category.model, district: district?.model ?? null },
    });
    if (version === null) return { kind: 'skipped', reason: 'a model of the same data exists' };
    this.logger.log(
      `suggestion model v${version}: ${category.nTrain} train / ${category.nTest} held out, top-1 ${category.evaluation.top1.toFixed(3)}, top-3 ${category.evaluation.top3.toFixed(3)}` +
        `, 片区 ${district ? `top-1 ${district.evaluation.top1.toFixed(3)}` : 'not kept'} (${Date.now() - started} ms)`,
    );
    return { kind: 'trained', version, nTrain: category.nTrain, nTest: category.nTest, top1: category.evaluation.top1, top3: category.evaluation.top3, districtKept: !!district };
  }
}

/** SHA-256 of the training rows in id order (id, category, 片区, description): the same data, the same checksum. */
export function checksumOf(cases: readonly ClosedCaseText[]): string {
  const hash = createHash('sha256');
  for (const c of [...cases].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))) hash.update(`${c.id}\u0000${c.categoryCode}\u0000${c.districtCode}\u0000${c.description}\u0001`);
  return hash.digest('hex');
}
