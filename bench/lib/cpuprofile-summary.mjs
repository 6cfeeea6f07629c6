// Summarise a .cpuprofile: self time by package / area and the top functions. Usage as a script:
//   node bench/lib/cpuprofile-summary.mjs <file.cpuprofile> [topN]
import { readFileSync } from 'node:fs';

function area(url, name) {
  if (name === '(garbage collector)') return 'GC';
  if (name === '(idle)') return 'idle';
  if (name === '(program)') return '(program: native, not attributed)';
  if (!url) return `native/builtin`;
  if (url.startsWith('node:')) return `node:${url.slice(5).split('/')[0]}`;
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 13).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const m = /\/(libs|apps)\/([^/]+)\//.exec(url);
  if (m) return `gridops ${m[1]}/${m[2]}`;
  return url;
}

/** Activities, judged on the whole stack of a sample: the first rule that matches wins. */
const ACTIVITIES = [
  ['JWT verify (jsonwebtoken; createPublicKey on an HMAC secret)', (st) => st.some((f) => f.url.includes('jsonwebtoken/'))],
  ['socket writes to Postgres (writev syscalls)', (st) => /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(st[0].name) && st.some((f) => /node_modules\/pg\//.test(f.url))],
  ['socket writes to Redis', (st) => /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(st[0].name) && st.some((f) => /ioredis|bullmq/.test(f.url))],
  ['socket writes, HTTP responses', (st) => /^(writev|writeBuffer|writeUtf8String|writeLatin1String)$/.test(st[0].name)],
  ['garbage collection', (st) => st[0].name === '(garbage collector)'],
  ['realtime fan-out (socket.io, redis adapter/emitter, msgpack)', (st) => st.some((f) => /socket\.io|engine\.io|redis-emitter|redis-adapter|notepack|msgpack|realtime\//.test(f.url))],
  ['BullMQ + ioredis (jobs)', (st) => st.slice(0, 12).some((f) => /bullmq|ioredis|redis-parser|cluster-key-slot/.test(f.url))],
  ['pg driver (protocol, row parsing)', (st) => st.slice(0, 6).some((f) => /node_modules\/(pg|pg-protocol|pg-types|pg-pool|postgres-[a-z]+)\//.test(f.url))],
  ['TypeORM (query building, escaping, entity mapping)', (st) => st.slice(0, 8).some((f) => f.url.includes('typeorm/'))],
  ['validation (zod)', (st) => st.slice(0, 8).some((f) => f.url.includes('/zod/'))],
  ['logging (pino)', (st) => st.slice(0, 8).some((f) => /pino/.test(f.url))],
  ['Nest (routing, guards, pipes, DI)', (st) => st.slice(0, 8).some((f) => f.url.includes('@nestjs/'))],
  ['HTTP (fastify, helmet, node http)', (st) => st.slice(0, 8).some((f) => /fastify|helmet|_http_|node:net|find-my-way|light-my-request/.test(f.url))],
  ['gridops code (libs/apps)', (st) => st.slice(0, 4).some((f) => /\/(libs|apps)\//.test(f.url) && !f.url.includes('node_modules'))],
  ['async hooks / promises / microtasks', (st) => st.slice(0, 3).some((f) => /async_hooks|task_queues|promise/.test(f.url) || f.name === 'runMicrotasks')],
];

export function summarizeProfile(file, topN = 25) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const self = new Map();
  for (let i = 0; i < p.samples.length; i++) {
    const dt = p.timeDeltas[i] ?? 0;
    self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + dt);
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  let idle = 0;
  const areas = new Map();
  const fns = new Map();
  for (const [id, us] of self) {
    const n = byId.get(id);
    const { functionName, url, lineNumber } = n.callFrame;
    const name = functionName || '(anonymous)';
    if (name === '(idle)') idle += us;
    const a = area(url, name);
    areas.set(a, (areas.get(a) ?? 0) + us);
    const key = `${name} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*\/(libs|apps)\//, '$1/')}:${lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  const busy = total - idle;
  const pct = (us) => Math.round((us / busy) * 1000) / 10;
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const activities = new Map();
  for (const [id, us] of self) {
    const st = [];
    for (let cur = id; cur !== undefined && st.length < 60; cur = parent.get(cur)) {
      const f = byId.get(cur).callFrame;
      st.push({ name: f.functionName, url: f.url });
    }
    if (st[0].name === '(idle)') continue;
    const hit = ACTIVITIES.find(([, test]) => test(st));
    const k = hit ? hit[0] : 'other (node internals, native)';
    activities.set(k, (activities.get(k) ?? 0) + us);
  }
  return {
    seconds: Math.round(total / 1e4) / 100,
    busySeconds: Math.round(busy / 1e4) / 100,
    byActivity: [...activities].sort((a, b) => b[1] - a[1]).map(([k, v]) => ({ activity: k, pctOfBusy: pct(v) })),
    byArea: [...areas].filter(([k]) => k !== 'idle').sort((a, b) => b[1] - a[1]).slice(0, topN).map(([k, v]) => ({ area: k, pctOfBusy: pct(v) })),
    topFunctions: [...fns].filter(([k]) => !k.startsWith('(idle)')).sort((a, b) => b[1] - a[1]).slice(0, topN).map(([k, v]) => ({ fn: k, pctOfBusy: pct(v) })),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const s = summarizeProfile(process.argv[2], Number(process.argv[3] ?? 25));
  console.log(`profile: ${s.seconds}s, busy ${s.busySeconds}s`);
  console.table(s.byActivity);
  console.table(s.byArea);
  console.table(s.topFunctions);
}
