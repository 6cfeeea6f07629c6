/**
 * Text classifier for category (类别) and 片区 suggestions (人机协同: the model proposes, the operator decides).
 *
 * Multinomial naive Bayes over Chinese character uni- and bi-grams: no word segmenter, no dictionary, no download.
 * Each text counts a feature once (binarised MNB, better on short texts), Laplace smoothing (α = 1). Training is
 * pure and deterministic: the same examples (in any order) give the same model, byte for byte once serialised.
 * The held-out split is a hash of the example's id, so a case stays on its side of the split as the history grows.
 */

/** One labelled text: a closed case's description and its final category (or 片区). */
export interface LabelledText {
  id: string;
  text: string;
  label: string;
}

/** A suggestion: a label and the model's confidence in it (its posterior, 0–1; naive Bayes is overconfident). */
export interface Suggestion {
  label: string;
  confidence: number;
}

/** The serialisable model (JSON). `features` maps a feature to flattened `[labelIndex, count, …]` pairs. */
export interface TextClassifierModel {
  kind: 'char-ngram-nb';
  format: 1;
  alpha: number;
  /** sorted */
  labels: string[];
  /** training texts per label */
  docCounts: number[];
  /** feature occurrences per label (each text counts a feature once) */
  featureTotals: number[];
  /** feature → [labelIndex, count, labelIndex, count, …], labels ascending; keys sorted */
  features: Record<string, number[]>;
  /**
   * Softmax temperature of the confidences (1 when absent): naive Bayes counts correlated n-grams as independent
   * evidence and says 100 % / 0 % / 0 %; `trainAndEvaluate` fits it on the held-out part (least log-loss), so a
   * confidence reads roughly as a share of right answers. It never changes the order of the suggestions.
   */
  temperature?: number;
}

export interface Evaluation {
  n: number;
  /** share of texts whose label is the first suggestion */
  top1: number;
  /** share of texts whose label is among the first three */
  top3: number;
}

/** Fewest training texts (after the split) before a model is made: less history gives no model, hence no suggestions. */
export const MIN_TRAINING_TEXTS = 40;
/** A model needs at least two labels to tell apart. */
export const MIN_LABELS = 2;
/** Percentage of ids held out for evaluation (by hash, deterministic). */
export const HELD_OUT_PERCENT = 20;
/** Longest text the features are read from: a description is bounded anyway, this bounds a prediction's cost. */
export const MAX_FEATURE_TEXT = 500;

/** FNV-1a (32 bit) of a string: a stable hash for the split, the same in every process and release. */
export function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Whether an id is in the held-out (test) part of the split. */
export function isHeldOut(id: string): boolean {
  return fnv1a(id) % 100 < HELD_OUT_PERCENT;
}

const HAN_OR_WORD = /[\p{Script=Han}\p{L}\p{N}]/u;

/**
 * The text's features: NFKC, lower case, digit runs as `#`, punctuation and spaces as breaks; every kept character
 * (unigram) and every pair of neighbours within a run (bigram), each once.
 */
export function textFeatures(text: string): string[] {
  const normal = text.slice(0, MAX_FEATURE_TEXT).normalize('NFKC').toLowerCase().replace(/\p{N}+/gu, '#');
  const out = new Set<string>();
  let prev = '';
  for (const ch of normal) {
    if (!HAN_OR_WORD.test(ch) && ch !== '#') {
      prev = '';
      continue;
    }
    out.add(ch);
    if (prev) out.add(prev + ch);
    prev = ch;
  }
  return [...out];
}

/** Split examples by the hash of their id: `test` holds HELD_OUT_PERCENT of them. Sorted by id on each side. */
export function splitHeldOut<T extends { id: string }>(examples: readonly T[]): { train: T[]; test: T[] } {
  const sorted = [...examples].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { train: sorted.filter((e) => !isHeldOut(e.id)), test: sorted.filter((e) => isHeldOut(e.id)) };
}

/**
 * Train on these examples (any order). Returns null when there is too little to learn from (fewer than
 * MIN_TRAINING_TEXTS texts or fewer than MIN_LABELS labels): no model, no suggestions, rather than noise.
 */
export function train(examples: readonly LabelledText[], alpha = 1): TextClassifierModel | null {
  const usable = examples.flatMap((e) => {
    const features = e.label ? textFeatures(e.text) : [];
    return features.length > 0 ? [{ label: e.label, features }] : [];
  });
  const labels = [...new Set(usable.map((e) => e.label))].sort();
  if (usable.length < MIN_TRAINING_TEXTS || labels.length < MIN_LABELS) return null;
  const index = new Map(labels.map((l, i) => [l, i]));
  const docCounts = labels.map(() => 0);
  const featureTotals = labels.map(() => 0);
  const counts = new Map<string, Map<number, number>>();
  for (const e of usable) {
    const li = index.get(e.label) as number;
    docCounts[li]++;
    for (const f of e.features) {
      featureTotals[li]++;
      let byLabel = counts.get(f);
      if (!byLabel) counts.set(f, (byLabel = new Map()));
      byLabel.set(li, (byLabel.get(li) ?? 0) + 1);
    }
  }
  const features: Record<string, number[]> = {};
  for (const f of [...counts.keys()].sort()) {
    const byLabel = counts.get(f) as Map<number, number>;
    features[f] = [...byLabel.keys()].sort((a, b) => a - b).flatMap((li) => [li, byLabel.get(li) as number]);
  }
  return { kind: 'char-ngram-nb', format: 1, alpha, labels, docCounts, featureTotals, features };
}

/** A model made ready for predictions: log-probabilities precomputed once per loaded model. */
export interface LoadedClassifier {
  readonly model: TextClassifierModel;
  predict(text: string, k?: number): Suggestion[];
  /** the joint log-scores per label (model.labels order); null when the text has no known feature */
  scores(text: string): Float64Array | null;
}

/** Posterior probabilities from log-scores at a temperature. */
function softmax(scores: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const s of scores) if (s > max) max = s;
  const p = new Float64Array(scores.length);
  let sum = 0;
  for (let i = 0; i < scores.length; i++) sum += p[i] = Math.exp((scores[i] - max) / temperature);
  for (let i = 0; i < scores.length; i++) p[i] /= sum;
  return p;
}

/** Whether a value (parsed JSON from storage) has the model's shape. */
export function isTextClassifierModel(value: unknown): value is TextClassifierModel {
  if (!value || typeof value !== 'object') return false;
  const m = value as Partial<TextClassifierModel>;
  return (
    m.kind === 'char-ngram-nb' &&
    m.format === 1 &&
    typeof m.alpha === 'number' &&
    Array.isArray(m.labels) &&
    Array.isArray(m.docCounts) &&
    Array.isArray(m.featureTotals) &&
    m.labels.length === m.docCounts.length &&
    m.labels.length === m.featureTotals.length &&
    !!m.features &&
    typeof m.features === 'object'
  );
}

/**
 * Prepare a model for predictions. Per label: log prior + Σ log P(feature | label) over the text's known features;
 * unseen features are skipped (they say nothing about any label). A text with no known feature gets no suggestion.
 */
export function loadClassifier(model: TextClassifierModel): LoadedClassifier {
  const L = model.labels.length;
  const vocabulary = Object.keys(model.features).length;
  const totalDocs = model.docCounts.reduce((a, b) => a + b, 0);
  const logPrior = model.docCounts.map((c) => Math.log(c / totalDocs));
  const logDenominator = model.featureTotals.map((t) => Math.log(t + model.alpha * vocabulary));
  const logUnseen = logDenominator.map((d) => Math.log(model.alpha) - d);
  // per feature: the difference from "unseen" for the labels that saw it (sparse), so a prediction adds the base
  // once per known feature and then only the labels that saw it
  const table = new Map<string, Float64Array>();
  for (const [f, pairs] of Object.entries(model.features)) {
    const row = new Float64Array(pairs.length);
    for (let i = 0; i < pairs.length; i += 2) {
      const li = pairs[i];
      row[i] = li;
      row[i + 1] = Math.log(pairs[i + 1] + model.alpha) - logDenominator[li] - logUnseen[li];
    }
    table.set(f, row);
  }
  const scores = (text: string): Float64Array | null => {
    const s = Float64Array.from(logPrior);
    let known = 0;
    for (const f of textFeatures(text)) {
      const row = table.get(f);
      if (!row) continue;
      known++;
      for (let i = 0; i < row.length; i += 2) s[row[i]] += row[i + 1];
    }
    if (known === 0) return null;
    for (let li = 0; li < L; li++) s[li] += known * logUnseen[li];
    return s;
  };
  const temperature = model.temperature ?? 1;
  return {
    model,
    scores,
    predict(text: string, k = 3): Suggestion[] {
      const s = scores(text);
      if (!s) return [];
      const p = softmax(s, temperature);
      const order = [...Array(L).keys()].sort((a, b) => s[b] - s[a] || (model.labels[a] < model.labels[b] ? -1 : 1));
      return order.slice(0, Math.max(0, k)).map((li) => ({ label: model.labels[li], confidence: p[li] }));
    },
  };
}

/** Top-1 and top-3 accuracy on these examples. */
export function evaluate(classifier: LoadedClassifier, examples: readonly LabelledText[]): Evaluation {
  let top1 = 0;
  let top3 = 0;
  for (const e of examples) {
    const s = classifier.predict(e.text, 3);
    if (s[0]?.label === e.label) top1++;
    if (s.some((x) => x.label === e.label)) top3++;
  }
  const n = examples.length;
  return { n, top1: n ? top1 / n : 0, top3: n ? top3 / n : 0 };
}

/** A trained model with its held-out figures: what is stored beside it. */
export interface TrainedClassifier {
  model: TextClassifierModel;
  nTrain: number;
  nTest: number;
  evaluation: Evaluation;
}

/**
 * Split by id hash, train on the training part, evaluate on the held-out part. The model kept is the one evaluated
 * (trained without its test part), so the figures stored beside it are its own. Null: too little history, or no
 * held-out texts to measure it on.
 */
export function trainAndEvaluate(examples: readonly LabelledText[], alpha = 1): TrainedClassifier | null {
  const { train: trainPart, test } = splitHeldOut(examples);
  if (test.length === 0) return null;
  const trained = train(trainPart, alpha);
  if (!trained) return null;
  const model = { ...trained, temperature: fitTemperature(loadClassifier(trained), test) };
  return { model, nTrain: trainPart.length, nTest: test.length, evaluation: evaluate(loadClassifier(model), test) };
}

/** Temperatures tried when fitting the confidences, and the floor of a probability in the log-loss. */
const TEMPERATURES = [1, 1.5, 2, 3, 4, 6, 8, 12, 16, 24, 32];
const LOSS_FLOOR = 1e-6;

/** The temperature with the least log-loss on these examples (the smallest of equals): deterministic. */
export function fitTemperature(classifier: LoadedClassifier, examples: readonly LabelledText[]): number {
  const index = new Map(classifier.model.labels.map((l, i) => [l, i]));
  const scored = examples.flatMap((e) => {
    const s = classifier.scores(e.text);
    return s ? [{ s, li: index.get(e.label) }] : [];
  });
  if (scored.length === 0) return 1;
  let best = 1;
  let bestLoss = Infinity;
  for (const t of TEMPERATURES) {
    let loss = 0;
    for (const { s, li } of scored) loss -= Math.log(Math.max(LOSS_FLOOR, li === undefined ? 0 : softmax(s, t)[li]));
    if (loss < bestLoss - 1e-9) [best, bestLoss] = [t, loss];
  }
  return best;
}
