#!/usr/bin/env node
// Cost of verifying one access token the way the api does (@nestjs/jwt → jsonwebtoken 9, HS256, string secret),
// against the same verification with the secret given as a KeyObject. jsonwebtoken first tries to parse a string
// secret as a PEM public key (createPublicKey), which throws, then falls back to createSecretKey — on every call.
//   node bench/jwt-verify.mjs [iterations=20000]
import { createSecretKey } from 'node:crypto';
import { createRequire } from 'node:module';
import { arg } from './lib/common.mjs';

const require = createRequire(import.meta.url);
const jwt = require('jsonwebtoken');
const N = Math.min(200_000, Number(arg('iterations', undefined, 0) ?? 20_000));
const secret = 'gridops-demo-secret-change-me';
const token = jwt.sign({ typ: 'access', sub: 'u', usr: 'operator', name: '张敏', role: 'operator', dst: null, unit: null }, secret, { expiresIn: 900 });

function time(label, fn) {
  for (let i = 0; i < 1000; i++) fn();
  const t = process.hrtime.bigint();
  for (let i = 0; i < N; i++) fn();
  const us = Number(process.hrtime.bigint() - t) / 1000 / N;
  console.log(`${label.padEnd(44)} ${us.toFixed(1)} µs per verify`);
  return us;
}
const a = time('string secret (as the api does)', () => jwt.verify(token, secret));
const key = createSecretKey(Buffer.from(secret));
const b = time('KeyObject secret', () => jwt.verify(token, key));
console.log(`string secret costs ${(a / b).toFixed(1)}× the KeyObject path (${(a - b).toFixed(0)} µs more per request)`);
