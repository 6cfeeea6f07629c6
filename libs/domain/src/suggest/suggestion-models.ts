/**
 * The suggestion models trained from the town's closed cases: the category (类别) from the description, and the
 * 片区 from the description (street, estate and landmark names) where the held-out figures show it learns.
 */
import { trainAndEvaluate, type TrainedClassifier } from './text-classifier';

/** A closed case as the trainer reads it. */
export interface ClosedCaseText {
  id: string;
  description: string;
  /** the final category, as the case was closed */
  categoryCode: string;
  districtCode: string;
}

/** The 片区 model is kept only when its held-out top-1 reaches this: below it, naming a 片区 is more noise than help. */
export const DISTRICT_MIN_TOP1 = 0.6;

export interface TrainedSuggestionModels {
  category: TrainedClassifier;
  /** null: too few 片区, or its held-out top-1 is under DISTRICT_MIN_TOP1 */
  district: TrainedClassifier | null;
}

/** Both models from the same history and the same split; null when the category model has too little to learn from. */
export function trainSuggestionModels(cases: readonly ClosedCaseText[]): TrainedSuggestionModels | null {
  const category = trainAndEvaluate(cases.map((c) => ({ id: c.id, text: c.description, label: c.categoryCode })));
  if (!category) return null;
  const district = trainAndEvaluate(cases.map((c) => ({ id: c.id, text: c.description, label: c.districtCode })));
  return { category, district: district && district.evaluation.top1 >= DISTRICT_MIN_TOP1 ? district : null };
}
