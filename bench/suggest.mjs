#!/usr/bin/env node
// Cost of the category / 片区 suggestion model (libs/domain/src/suggest, docs/suggestions.md): training time and
// held-out figures on the generated history, the model's JSON size and load time, and predict() per call — with a
// raw baseline in the same run (the same texts only NFKC-normalised, then only turned into features), so a shared
// machine's load shows in both. Uses the BUILT libs/domain (npx nx build domain).
//   node bench/suggest.mjs [--cases 3000,20000] [--calls 20000]
import { createRequire } from 'node:module';
import { loadavg } from 'node:os';
import { writeFileSync } from 'node:fs';
import { arg, machineInfo, resultsPath } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const domain = require('../libs/domain/dist/index.js');
const SIZES = String(arg('cases', '3000,20000')).split(',').map(Number);
const CALLS = Number(arg('calls', 20000));

function perCall(label, texts, fn) {
  for (let i = 0; i < 2000; i++) fn(texts[i % texts.length]);
  const t = process.hrtime.bigint();
  for (let i = 0; i < CALLS; i++) fn(texts[i % texts.length]);
  const us = Number(process.hrtime.bigint() - t) / 1000 / CALLS;
  console.log(`  ${label.padEnd(46)} ${us.toFixed(2)} µs per call`);
  return us;
}

const results = { machine: machineInfo(), loadavgBefore: loadavg(), runs: [] };
console.log(`load average before: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (nproc ${results.machine.nproc})`);
for (const n of SIZES) {
  const cases = domain.generateLabelledCases(n, 18);
  const t0 = process.hrtime.bigint();
  const trained = domain.trainSuggestionModels(cases);
  const trainMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const json = JSON.stringify({ category: trained.category.model, district: trained.district?.model ?? null });
  const t1 = process.hrtime.bigint();
  const parsed = JSON.parse(json);
  const classifier = domain.loadClassifier(parsed.category);
  const loadMs = Number(process.hrtime.bigint() - t1) / 1e6;
  const { test } = domain.splitHeldOut(cases.map((c) => ({ id: c.id, text: c.description, label: c.categoryCode })));
  const texts = test.map((e) => e.text);
  const meanChars = texts.reduce((a, t) => a + t.length, 0) / texts.length;
  console.log(`generated history of ${n}: trained both models (category + 片区, with evaluation) in ${trainMs.toFixed(0)} ms; model JSON ${(json.length / 1024).toFixed(0)} KiB, parsed and loaded in ${loadMs.toFixed(1)} ms`);
  console.log(`  category: n_train ${trained.category.nTrain}, n_test ${trained.category.nTest}, top-1 ${trained.category.evaluation.top1.toFixed(3)}, top-3 ${trained.category.evaluation.top3.toFixed(3)}, temperature ${trained.category.model.temperature}`);
  console.log(`  片区: ${trained.district ? `top-1 ${trained.district.evaluation.top1.toFixed(3)}, top-3 ${trained.district.evaluation.top3.toFixed(3)}` : 'not kept'}`);
  console.log(`  per call over the ${texts.length} held-out texts (mean ${meanChars.toFixed(0)} characters):`);
  const baseline = perCall('raw baseline: text.normalize(NFKC)', texts, (t) => t.normalize('NFKC'));
  const features = perCall('textFeatures(text)', texts, (t) => domain.textFeatures(t));
  const predict = perCall('predict(text, 3) — category', texts, (t) => classifier.predict(t, 3));
  results.runs.push({ n, trainMs, modelJsonBytes: json.length, loadMs, category: { nTrain: trained.category.nTrain, nTest: trained.category.nTest, ...trained.category.evaluation, temperature: trained.category.model.temperature }, district: trained.district ? trained.district.evaluation : null, meanChars, us: { baseline, features, predict } });
}
results.loadavgAfter = loadavg();
console.log(`load average after: ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
const out = resultsPath('suggest');
writeFileSync(out, JSON.stringify(results, null, 2));
console.log(`raw results: ${out}`);
