import { generateLabelledCases } from './generated-cases';
import { evaluate, isHeldOut, loadClassifier, splitHeldOut, textFeatures, train, trainAndEvaluate, type LabelledText } from './text-classifier';
import { trainSuggestionModels } from './suggestion-models';

/** The floor the generated set must clear (docs/suggestions.md): top-3 on its held-out part. */
const TOP3_FLOOR = 0.8;

const cases = generateLabelledCases(3000, 18);
const labelled: LabelledText[] = cases.map((c) => ({ id: c.id, text: c.description, label: c.categoryCode }));

describe('character n-gram naive Bayes', () => {
  it('reads character unigrams and bigrams, digits as #, punctuation as a break, each once', () => {
    expect(textFeatures('井盖，井盖88号')).toEqual(['井', '盖', '井盖', '#', '盖#', '号', '#号']);
    expect(textFeatures('  ，。!')).toEqual([]);
  });

  it('splits by the hash of the id: stable, about a fifth held out', () => {
    const { train: tr, test } = splitHeldOut(labelled);
    expect(tr.length + test.length).toBe(labelled.length);
    expect(test.length / labelled.length).toBeGreaterThan(0.15);
    expect(test.length / labelled.length).toBeLessThan(0.25);
    expect(test.every((e) => isHeldOut(e.id))).toBe(true);
    // growing the history never moves an old case across the split
    const grown = splitHeldOut([...labelled, ...generateLabelledCases(500, 99).map((c) => ({ id: c.id, text: c.description, label: c.categoryCode }))]);
    expect(grown.test.filter((e) => e.id.startsWith('gen-18-')).map((e) => e.id)).toEqual(test.map((e) => e.id));
  });

  it(`clears the floor on the generated set's held-out part: top-3 ≥ ${TOP3_FLOOR}`, () => {
    const trained = trainAndEvaluate(labelled);
    if (!trained) throw new Error('no model');
    // the figures docs/suggestions.md reports
    console.log(`generated set: n_train ${trained.nTrain}, n_test ${trained.nTest}, top1 ${trained.evaluation.top1.toFixed(3)}, top3 ${trained.evaluation.top3.toFixed(3)}`);
    expect(trained.model.labels).toHaveLength(37);
    expect(trained.evaluation.n).toBe(trained.nTest);
    expect(trained.evaluation.top3).toBeGreaterThanOrEqual(TOP3_FLOOR);
    expect(trained.evaluation.top1).toBeLessThanOrEqual(trained.evaluation.top3);
  });

  it('fits the confidences on the held-out part: neither all-or-nothing nor flat', () => {
    const trained = trainAndEvaluate(labelled);
    if (!trained) throw new Error('no model');
    const c = loadClassifier(trained.model);
    const { test } = splitHeldOut(labelled);
    const firsts = test.map((e) => c.predict(e.text, 1)[0].confidence);
    const mean = firsts.reduce((a, b) => a + b, 0) / firsts.length;
    console.log(`temperature ${trained.model.temperature}, mean top-1 confidence ${mean.toFixed(3)} vs top-1 accuracy ${trained.evaluation.top1.toFixed(3)}`);
    expect(trained.model.temperature).toBeGreaterThan(1);
    // calibrated: the mean confidence of the first suggestion is near the share of right first suggestions
    expect(Math.abs(mean - trained.evaluation.top1)).toBeLessThan(0.1);
  });

  it('a model that learned nothing stays under the floor (the floor can fail)', () => {
    // labels shuffled against the texts: the same machinery, no signal
    const shuffled = labelled.map((e, i) => ({ ...e, label: labelled[(i * 7919) % labelled.length].label }));
    const trained = trainAndEvaluate(shuffled);
    if (!trained) throw new Error('no model');
    expect(trained.evaluation.top3).toBeLessThan(0.3);
  });

  it('retrains deterministically: the same data in any order gives the same model, byte for byte', () => {
    const a = train(labelled);
    const b = train([...labelled].reverse());
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const ea = trainAndEvaluate(labelled);
    const eb = trainAndEvaluate([...labelled].sort(() => 0).reverse());
    expect(ea?.evaluation).toEqual(eb?.evaluation);
  });

  it('survives a JSON round trip with the same predictions', () => {
    const model = train(labelled);
    if (!model) throw new Error('no model');
    const again = JSON.parse(JSON.stringify(model));
    const text = '金沙江路88号门口污水井盖破损，夜间看不清';
    expect(loadClassifier(again).predict(text)).toEqual(loadClassifier(model).predict(text));
    expect(loadClassifier(model).predict(text)[0].label).toBe('C0102');
  });

  it('returns the top k with confidences that sum to at most 1, best first', () => {
    const model = train(labelled);
    if (!model) throw new Error('no model');
    const s = loadClassifier(model).predict('小区门口有人摆摊卖水果', 3);
    expect(s).toHaveLength(3);
    expect(s[0].confidence).toBeGreaterThanOrEqual(s[1].confidence);
    expect(s[1].confidence).toBeGreaterThanOrEqual(s[2].confidence);
    expect(s.reduce((a, x) => a + x.confidence, 0)).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('gives no suggestions for an empty history, one label, too few texts, or a text with nothing it knows', () => {
    expect(train([])).toBeNull();
    expect(trainAndEvaluate([])).toBeNull();
    expect(train(labelled.slice(0, 30))).toBeNull();
    expect(train(labelled.map((e) => ({ ...e, label: 'E0102' })))).toBeNull();
    const model = train(labelled);
    if (!model) throw new Error('no model');
    expect(loadClassifier(model).predict('')).toEqual([]);
    expect(loadClassifier(model).predict('?!… xyzq')).toEqual([]);
  });

  it('evaluates an empty set as n 0', () => {
    const model = train(labelled);
    if (!model) throw new Error('no model');
    expect(evaluate(loadClassifier(model), [])).toEqual({ n: 0, top1: 0, top3: 0 });
  });
});

describe('suggestion models', () => {
  it('learns 片区 from street and estate names on the generated set', () => {
    const trained = trainSuggestionModels(cases);
    if (!trained) throw new Error('no model');
    console.log(`片区: top1 ${trained.district?.evaluation.top1.toFixed(3)}, top3 ${trained.district?.evaluation.top3.toFixed(3)}`);
    expect(trained.district).not.toBeNull();
    expect(loadClassifier(trained.district!.model).predict('梅川一村南门暴露垃圾')[0].label).toBe('meichuan');
  });

  it('keeps no 片区 model when the text says nothing about the place', () => {
    const trained = trainSuggestionModels(cases.map((c) => ({ ...c, description: `市民反映${c.categoryCode}问题` })));
    expect(trained?.district ?? null).toBeNull();
  });
});
