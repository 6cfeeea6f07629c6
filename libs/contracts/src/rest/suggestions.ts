import { z } from 'zod';

/** Longest text a suggestion is asked for (a description is bounded at the same length). */
export const SUGGESTION_TEXT_MAX = 500;

/**
 * `GET /api/v1/suggestions/category?text=` — the category (类别) and 片区 the model suggests for a description
 * (人机协同: the operator chooses; docs/suggestions.md).
 */
export const suggestionsQuerySchema = z.strictObject({
  text: z.string().trim().min(1, 'text is required').max(SUGGESTION_TEXT_MAX, `text is at most ${SUGGESTION_TEXT_MAX} characters`),
});
export type SuggestionsQuery = z.input<typeof suggestionsQuerySchema>;

export interface CategorySuggestion {
  /** a category code of the directory, e.g. E0102 */
  code: string;
  /** the model's posterior, 0–1 (naive Bayes is overconfident: read it as an order, not as odds) */
  confidence: number;
}

export interface DistrictSuggestion {
  code: string;
  confidence: number;
}

/** No model yet (too little history) → `modelVersion: null` and empty lists: no suggestions rather than noise. */
export interface SuggestionsView {
  modelVersion: number | null;
  /** best first, at most 3 */
  categories: CategorySuggestion[];
  /** best first, at most 3; empty when the 片区 model is not kept (docs/suggestions.md) */
  districts: DistrictSuggestion[];
}

/** `GET /api/v1/suggestions/model` — the model in use and its held-out figures (no weights). */
export interface SuggestionModelInfo {
  version: number;
  trainedAt: string;
  nTrain: number;
  nTest: number;
  top1: number;
  top3: number;
  districtTop1: number | null;
  districtTop3: number | null;
}
