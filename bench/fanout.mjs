#!/usr/bin/env node
// Fan-out benchmark: N socket.io clients in the `town` room (in a separate process), case events at a fixed rate,
// delivery latency from commit to client and messages/s delivered. Results: bench/results/fanout.md.
//
//   node bench/fanout.mjs [--clients 1000] [--rate 50] [--duration 30] [--batch 100] [--client-procs 1]
//                         [--worker] [--drain-limit 60] [--quiet-wait 60] [--no-hooks] [--keep-db] [--json FILE]
//                         [--profile [--keep-profile]] [--client-impl socket.io-client|raw] [--attempts 3] [--max-foreign 0.2]
//                         [--unbatched]
//
// Clients connect as the console does, with `auth: { token, batch: true }`: case events arrive grouped in
// `case.batch` frames (one per room per 50 ms, libs/server/src/realtime/live-publisher.ts). --unbatched: one
// `case.created`/`case.updated` frame per event, as a plain socket.io client gets them.
//
// Without --worker: the api alone; `operator` posts 12345-hotline reports (E0102, 新城), one `report` event each
//   (→ `case.created`). With --worker: api + worker; `worker.xincheng` posts patrol reports, which the worker
//   registers, files and dispatches (several events per report, most of them emitted by the worker through the
//   Redis emitter and fanned out by the api's adapter).
//
// Own database (BENCH_DB, default gridops_fanout: created, migrated, seeded; dropped at the end) and Redis prefix.
// Traffic to 127.0.0.1 only; every loop is bounded; children are stopped and the database dropped even on failure.
// Runs the built apps of BENCH_APP_ROOT (default: this work tree; see bench/snapshot.sh).
//
// Clocks: everything runs on one machine. Per message the clients record `receive − at` (the `at` the message
// carries) and, unless --no-hooks, `receive − commit`: a measurement-only preload in the api (and worker) prints,
// for every event handed to CaseBroadcaster.caseEvents (called right after the transaction commits), the moment it
// was called, and for every local socket.io broadcast its start and end. `at` itself is stamped when the request
// handler starts (IntakeService.report's `now`), before the transaction, so `receive − at` is an upper bound.
import { fork, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(path.dirname(SELF), '..');
const APP_ROOT = path.resolve(process.env.BENCH_APP_ROOT ?? ROOT);
const now = () => performance.timeOrigin + performance.now();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

function arg(name, fallback) {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === `--${name}` && argv[i + 1] !== undefined && !argv[i + 1].startsWith('--')) return argv[i + 1];
    if (argv[i].startsWith(`--${name}=`)) return argv[i].slice(name.length + 3);
  }
  return fallback;
}
const flag = (name) => process.argv.slice(2).includes(`--${name}`);
const log = (...a) => console.log(`[${new Date().toISOString().slice(11, 19)}]`, ...a);

// ---- latency histogram (mergeable across client processes) ----------------------------------------------------
// 0.1 ms buckets from −1000 ms to +1000 ms, then 1 ms buckets up to 61 s; beyond that the last bucket.
const H_FINE = 20_000;
const H_SIZE = H_FINE + 60_000;
function hNew() {
  return { b: new Uint32Array(H_SIZE), n: 0, sum: 0, min: Infinity, max: -Infinity };
}
function hAdd(h, v) {
  let i = v < 1000 ? Math.floor((v + 1000) * 10) : H_FINE + Math.floor(v - 1000);
  if (i < 0) i = 0;
  if (i >= H_SIZE) i = H_SIZE - 1;
  h.b[i]++;
  h.n++;
  h.sum += v;
  if (v < h.min) h.min = v;
  if (v > h.max) h.max = v;
}
const hValue = (i) => (i < H_FINE ? i / 10 - 1000 + 0.05 : 1000 + (i - H_FINE) + 0.5);
function hMerge(into, h) {
  for (let i = 0; i < H_SIZE; i++) into.b[i] += h.b[i];
  into.n += h.n;
  into.sum += h.sum;
  into.min = Math.min(into.min, h.min);
  into.max = Math.max(into.max, h.max);
}
function hSummary(h) {
  if (h.n === 0) return { n: 0 };
  const q = (p) => {
    const rank = Math.max(1, Math.ceil((p / 100) * h.n));
    let acc = 0;
    for (let i = 0; i < H_SIZE; i++) {
      acc += h.b[i];
      if (acc >= rank) return Math.min(h.max, Math.max(h.min, hValue(i)));
    }
    return h.max;
  };
  const r = (x) => Math.round(x * 10) / 10;
  return { n: h.n, min: r(h.min), p50: r(q(50)), p90: r(q(90)), p95: r(q(95)), p99: r(q(99)), p999: r(q(99.9)), max: r(h.max), mean: r(h.sum / h.n) };
}
const hToWire = (h) => ({ ...h, b: Array.from(h.b) });
const hFromWire = (w) => ({ ...w, b: Uint32Array.from(w.b) });

// =================================================================================================================
// client mode: `node bench/fanout.mjs --clients-proc` (forked with IPC by the main process)
// =================================================================================================================

async function clientMain() {
  const require = createRequire(path.join(APP_ROOT, 'package.json'));
  const { io } = require('socket.io-client');
  const send = (m) => process.send?.(m);
  // the parent went away: leave at once, sockets die with the process
  process.on('disconnect', () => process.exit(0));

  let sockets = [];
  let clientCount = 0;
  // per client
  let recvCount;
  let lastSeq;
  let dupOrOoo;
  let disconnects;
  let wouldResume;
  let gapUntil;
  // per event (by seq)
  const events = new Map(); // seq -> { at, caseId, first, last, count, type }
  // per message (bounded)
  const MAX_MSGS = 6_000_000;
  const mRecv = new Float64Array(MAX_MSGS);
  const mSeq = new Float64Array(MAX_MSGS);
  let nMsgs = 0;
  let overflow = 0;
  let dups = 0;
  let typeCounts = {};
  let otherEvents = {};
  let sampleBytes = null;
  let total = 0;
  let runTotal = 0;
  const disconnectReasons = {};

  // event-loop health of this process while measuring
  let eluTimer = null;
  const eluSamples = [];
  const delay = monitorEventLoopDelay({ resolution: 10 });

  function onCase(type, ci, m) {
    const t = now();
    total++;
    runTotal++;
    recvCount[ci]++;
    const seq = Number(m.seq);
    // what the console's live client (libs/live-client) would do: a jump past lastSeq + 1 arms a `resume` 1 s later
    // (one pending at a time, not cancelled when the late event arrives) — counted here, not sent
    if (lastSeq[ci] >= 0 && seq > lastSeq[ci] + 1 && t >= gapUntil[ci]) {
      wouldResume[ci]++;
      gapUntil[ci] = t + 1000;
    }
    if (seq < lastSeq[ci]) dupOrOoo[ci]++;
    else if (seq === lastSeq[ci]) dups++;
    else lastSeq[ci] = seq;
    typeCounts[type] = (typeCounts[type] ?? 0) + 1;
    let e = events.get(seq);
    if (!e) {
      e = { at: Date.parse(m.at), caseId: m.caseId, type: m.type, first: t, last: t, count: 0 };
      events.set(seq, e);
      if (sampleBytes === null) sampleBytes = m.bytes ?? Buffer.byteLength(JSON.stringify(m));
    }
    e.count++;
    if (t < e.first) e.first = t;
    if (t > e.last) e.last = t;
    if (nMsgs < MAX_MSGS) {
      mRecv[nMsgs] = t;
      mSeq[nMsgs] = seq;
      nMsgs++;
    } else overflow++;
  }

  // --client-impl raw: the socket.io v4 wire protocol on a bare `ws` socket (no engine.io/socket.io client, no full
  // JSON.parse: seq, at, caseId and type are cut out of the frame) — to see what the server side can do when the
  // clients cost little. Same server path, same namespace, same auth.
  function rawSocket(url, token, ci, timeoutMs, batched) {
    const WebSocket = require('ws');
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false, handshakeTimeout: timeoutMs });
    const field = (str, name) => {
      const k = str.indexOf(`"${name}":"`);
      if (k < 0) return null;
      const from = k + name.length + 4;
      return str.slice(from, str.indexOf('"', from));
    };
    const h = { connected: false, disconnect: () => ws.terminate(), onConnect: null, onError: null };
    ws.on('message', (data) => {
      const str = data.toString();
      if (str.startsWith('42/live,["case.batch"')) {
        const [, list] = JSON.parse(str.slice(8));
        for (const m of list) onCase(m.type === 'report' ? 'case.created' : 'case.updated', ci, { seq: m.seq, at: m.at, caseId: m.caseId, type: m.type, bytes: data.length / list.length });
      } else if (str.startsWith('42/live,["case.')) {
        const type = str.startsWith('42/live,["case.created"') ? 'case.created' : 'case.updated';
        onCase(type, ci, { seq: field(str, 'seq'), at: field(str, 'at'), caseId: field(str, 'caseId'), type: field(str, 'type'), bytes: data.length });
      } else if (str === '2') ws.send('3');
      else if (str.startsWith('0{')) ws.send(`40/live,${JSON.stringify({ token, batch: batched })}`);
      else if (str.startsWith('40/live,')) {
        h.connected = true;
        h.onConnect?.();
      } else if (str.startsWith('44/live,')) h.onError?.(new Error(str.slice(8)));
      else if (str.startsWith('42/live,')) {
        const ev = /^42\/live,\["([^"]+)"/.exec(str)?.[1] ?? '?';
        otherEvents[ev] = (otherEvents[ev] ?? 0) + 1;
      }
    });
    ws.on('error', (err) => h.onError?.(err));
    ws.on('close', () => {
      if (h.connected) {
        disconnects[ci]++;
        disconnectReasons['ws close'] = (disconnectReasons['ws close'] ?? 0) + 1;
      }
      h.connected = false;
    });
    return h;
  }

  async function connectAll({ url, token, clients, batch, timeoutMs, impl, batched }) {
    clientCount = clients;
    recvCount = new Uint32Array(clients);
    lastSeq = new Float64Array(clients).fill(-1);
    dupOrOoo = new Uint32Array(clients);
    disconnects = new Uint32Array(clients);
    wouldResume = new Uint32Array(clients);
    gapUntil = new Float64Array(clients);
    const errors = {};
    let ok = 0;
    const t0 = now();
    for (let start = 0; start < clients; start += batch) {
      const n = Math.min(batch, clients - start);
      const waits = [];
      for (let k = 0; k < n; k++) {
        const ci = start + k;
        if (impl === 'raw') {
          const h = rawSocket(url, token, ci, timeoutMs, batched);
          sockets[ci] = h;
          waits.push(
            new Promise((resolve) => {
              const timer = setTimeout(() => resolve(false), timeoutMs);
              h.onConnect = () => (clearTimeout(timer), resolve(true));
              h.onError = (err) => (errors[err.message] = (errors[err.message] ?? 0) + 1);
            }),
          );
          continue;
        }
        const s = io(`${url}/live`, { auth: { token, batch: batched }, transports: ['websocket'], forceNew: true, reconnection: true, reconnectionAttempts: 5, timeout: timeoutMs });
        sockets[ci] = s;
        s.on('case.created', (m) => onCase('case.created', ci, m));
        s.on('case.updated', (m) => onCase('case.updated', ci, m));
        s.on('case.batch', (list) => list.forEach((m) => onCase(m.type === 'report' ? 'case.created' : 'case.updated', ci, m)));
        s.onAny((ev) => {
          if (ev !== 'case.created' && ev !== 'case.updated' && ev !== 'case.batch') otherEvents[ev] = (otherEvents[ev] ?? 0) + 1;
        });
        s.on('disconnect', (reason) => {
          disconnects[ci]++;
          disconnectReasons[reason] = (disconnectReasons[reason] ?? 0) + 1;
        });
        waits.push(
          new Promise((resolve) => {
            const timer = setTimeout(() => resolve(false), timeoutMs);
            s.once('connect', () => {
              clearTimeout(timer);
              resolve(true);
            });
            s.on('connect_error', (err) => {
              errors[err.message] = (errors[err.message] ?? 0) + 1;
            });
          }),
        );
      }
      const res = await Promise.all(waits);
      ok += res.filter(Boolean).length;
    }
    return { ok, failed: clients - ok, errors, ms: Math.round(now() - t0) };
  }

  let progressTimer = null;

  /** a new measured window: forget what earlier (discarded) attempts recorded; `total` stays cumulative for progress */
  function resetRun() {
    recvCount.fill(0);
    lastSeq.fill(-1);
    dupOrOoo.fill(0);
    disconnects.fill(0);
    wouldResume.fill(0);
    gapUntil.fill(0);
    events.clear();
    nMsgs = 0;
    overflow = 0;
    dups = 0;
    runTotal = 0;
    typeCounts = {};
    otherEvents = {};
    eluSamples.length = 0;
  }

  function startMeasuring() {
    delay.reset();
    delay.enable();
    let lastElu = performance.eventLoopUtilization();
    let lastCpu = process.cpuUsage();
    let lastT = now();
    eluTimer = setInterval(() => {
      const elu = performance.eventLoopUtilization(lastElu);
      const cpu = process.cpuUsage(lastCpu);
      const t = now();
      eluSamples.push({ elu: elu.utilization, cpu: (cpu.user + cpu.system) / 1000 / (t - lastT) });
      lastElu = performance.eventLoopUtilization();
      lastCpu = process.cpuUsage();
      lastT = t;
    }, 1000);
  }
  function stopMeasuring() {
    if (eluTimer) clearInterval(eluTimer);
    eluTimer = null;
    delay.disable();
  }

  function results({ commits, fanouts, created201 }) {
    const commitBySeq = new Map(commits);
    const fanoutBySeq = new Map(fanouts); // seq -> [t0, t1]
    const h201 = new Map(created201); // caseId -> t
    const H = { atToClient: hNew(), commitToClient: hNew(), broadcastStartToClient: hNew(), http201ToClient: hNew() };
    for (let i = 0; i < nMsgs; i++) {
      const seq = mSeq[i];
      const t = mRecv[i];
      const e = events.get(seq);
      hAdd(H.atToClient, t - e.at);
      const c = commitBySeq.get(String(seq));
      if (c !== undefined) hAdd(H.commitToClient, t - c);
      const f = fanoutBySeq.get(String(seq));
      if (f !== undefined) hAdd(H.broadcastStartToClient, t - f[0]);
      if (e.type === 'report') {
        const r = h201.get(e.caseId);
        if (r !== undefined) hAdd(H.http201ToClient, t - r);
      }
    }
    const counts = Array.from(recvCount);
    return {
      clients: clientCount,
      connectedAtEnd: sockets.filter((s) => s?.connected).length,
      total: runTotal,
      recorded: nMsgs,
      overflow,
      typeCounts,
      otherEvents,
      sampleBytes,
      perClient: counts,
      outOfOrder: Array.from(dupOrOoo).reduce((a, b) => a + b, 0),
      duplicates: dups,
      wouldResume: Array.from(wouldResume).reduce((a, b) => a + b, 0),
      disconnects: Array.from(disconnects).reduce((a, b) => a + b, 0),
      disconnectReasons,
      // per event: seq, at, first receipt, last receipt, receipts
      events: [...events].map(([seq, e]) => [seq, e.at, e.first, e.last, e.count, e.type]),
      hist: Object.fromEntries(Object.entries(H).map(([k, h]) => [k, hToWire(h)])),
      elu: eluSamples,
      loopDelayMs: { p50: delay.percentile(50) / 1e6, p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
      cpuSecondsTotal: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
      rssMB: Math.round(process.memoryUsage().rss / 1e6),
    };
  }

  process.on('message', async (msg) => {
    try {
      if (msg.type === 'connect') {
        const r = await connectAll(msg);
        send({ type: 'connected', ...r });
        progressTimer = setInterval(() => send({ type: 'progress', total, connected: sockets.filter((s) => s?.connected).length }), 500);
      } else if (msg.type === 'start') {
        resetRun();
        startMeasuring();
      } else if (msg.type === 'stop') {
        stopMeasuring();
      } else if (msg.type === 'finish') {
        clearInterval(progressTimer);
        stopMeasuring();
        send({ type: 'result', ...results(msg) });
      } else if (msg.type === 'exit') {
        for (const s of sockets) s?.disconnect();
        sockets = [];
        setTimeout(() => process.exit(0), 200);
      }
    } catch (err) {
      send({ type: 'error', message: err.stack ?? String(err) });
    }
  });
  send({ type: 'ready' });
}

// =================================================================================================================
// main mode
// =================================================================================================================

const CLIENTS = Number(arg('clients', 1000));
const RATE = Number(arg('rate', 50));
const DURATION = Number(arg('duration', 30));
const BATCH = Number(arg('batch', 100));
const CLIENT_PROCS = Number(arg('client-procs', 1));
const CLIENT_IMPL = arg('client-impl', 'socket.io-client');
const BATCHED = !flag('unbatched');
if (!['socket.io-client', 'raw'].includes(CLIENT_IMPL)) throw new Error('--client-impl socket.io-client | raw');
const WITH_WORKER = flag('worker');
const DRAIN_LIMIT_S = Number(arg('drain-limit', 60));
const QUIET_WAIT_S = Number(arg('quiet-wait', 60));
const HOOKS = !flag('no-hooks');
const KEEP_DB = flag('keep-db');
const JSON_OUT = arg('json', null);
const GOAL_P99_MS = 250;
const ATTEMPTS = Number(arg('attempts', 3));
const MAX_FOREIGN = Number(arg('max-foreign', 0.2));

const PG_ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BENCH_DB = process.env.BENCH_DB ?? 'gridops_fanout';
const DATABASE_URL = PG_ADMIN_URL.replace(/\/[^/]*$/, `/${BENCH_DB}`);
const REDIS_PREFIX = `gridops_fanout_${process.pid}`;
const HOOK_FILE = path.join(os.tmpdir(), `gridops-fanout-hook-${process.pid}.cjs`);

// Measurement-only preload for the api / worker (written to a temp file at run time, removed at the end).
const HOOK_SOURCE = `'use strict';
// gridops bench/fanout.mjs measurement hook: prints commit and broadcast times; changes no behaviour.
const { createRequire } = require('node:module');
const { performance } = require('node:perf_hooks');
const req = createRequire(process.env.BENCH_FANOUT_MAIN);
req('reflect-metadata');
const now = () => performance.timeOrigin + performance.now();
const server = req('@gridops/server');
const orig = server.CaseBroadcaster.prototype.caseEvents;
server.CaseBroadcaster.prototype.caseEvents = function (events) {
  const t = now().toFixed(3);
  let s = '';
  for (const e of events || []) s += 'bench-commit ' + e.seq + ' ' + t + '\\n';
  if (s) process.stdout.write(s);
  return orig.apply(this, arguments);
};
try {
  const sioReq = createRequire(req.resolve('socket.io'));
  const { Adapter } = sioReq('socket.io-adapter');
  const bc = Adapter.prototype.broadcast;
  Adapter.prototype.broadcast = function (packet, opts) {
    const ev = packet && Array.isArray(packet.data) ? packet.data[0] : null;
    if (ev !== 'case.created' && ev !== 'case.updated' && ev !== 'case.batch') return bc.apply(this, arguments);
    // events also go to rooms nobody here joined (plain rooms when clients batch, and the other way round): skip those
    let reached = 0;
    for (const room of (opts && opts.rooms) || []) reached += this.rooms.get(room)?.size ?? 0;
    if (reached === 0) return bc.apply(this, arguments);
    const c0 = process.cpuUsage();
    const t0 = now();
    const r = bc.apply(this, arguments);
    const t1 = now();
    const c = process.cpuUsage(c0);
    // a batch frame is the fan-out of every event in it; its CPU is shared among them
    const list = ev === 'case.batch' ? packet.data[1] : [packet.data[1]];
    const share = (c.user + c.system) / Math.max(1, list.length);
    let out = '';
    for (const m of list) out += 'bench-fanout ' + m.seq + ' ' + t0.toFixed(3) + ' ' + t1.toFixed(3) + ' ' + share + ' ' + this.sids.size + '\\n';
    process.stdout.write(out);
    return r;
  };
} catch (err) {
  process.stdout.write('bench-hook: no adapter hook (' + err.message + ')\\n');
}
// optional V8 CPU profile: SIGPWR starts it, SIGWINCH stops it and writes $BENCH_FANOUT_PROFILE
if (process.env.BENCH_FANOUT_PROFILE) {
  const inspector = require('node:inspector');
  const fs = require('node:fs');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable', () => session.post('Profiler.setSamplingInterval', { interval: 500 }));
  process.on('SIGPWR', () => session.post('Profiler.start'));
  process.on('SIGWINCH', () =>
    session.post('Profiler.stop', (err, res) => {
      if (!err) fs.writeFileSync(process.env.BENCH_FANOUT_PROFILE, JSON.stringify(res.profile));
      process.stdout.write('bench-profile ' + (err ? 'failed ' + err.message : 'written') + '\\n');
    }),
  );
}
`;

const require = createRequire(path.join(APP_ROOT, 'package.json'));
const pg = require('pg');

// ---- processes ---------------------------------------------------------------------------------------------

const children = new Set();
const commits = new Map(); // seq -> t (CaseBroadcaster.caseEvents called, i.e. just after commit)
const fanouts = new Map(); // seq -> [t0, t1] (api local broadcast to the sockets)
const eluLines = { api: [], worker: [] };
let profileDone = null;
const PROFILE = flag('profile');
const PROFILE_FILE = path.join(os.tmpdir(), `gridops-fanout-api-${process.pid}.cpuprofile`);

function startChild(name, script, env, nodeArgs = []) {
  const proc = spawn(process.execPath, [...nodeArgs, path.join(APP_ROOT, script)], {
    cwd: APP_ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let partial = '';
  const keep = (d) => {
    const s = d.toString();
    partial += s;
    const lines = partial.split('\n');
    partial = lines.pop();
    for (const line of lines) {
      if (line.startsWith('bench-commit ')) {
        const [, seq, t] = line.split(' ');
        commits.set(seq, Number(t));
      } else if (line.startsWith('bench-fanout ')) {
        const [, seq, t0, t1, cpuUs, sockets] = line.split(' ');
        fanouts.set(seq, [Number(t0), Number(t1), Number(cpuUs), Number(sockets)]);
      } else if (line.startsWith('bench-profile ')) {
        profileDone = line.slice(14);
      } else if (line.startsWith('bench-elu ')) {
        const m = /bench-elu ([\d.]+) cpu ([\d.]+)/.exec(line);
        if (m) eluLines[name]?.push({ t: now(), elu: Number(m[1]), cpu: Number(m[2]) });
      } else {
        out += line + '\n';
        if (out.length > 200_000) out = out.slice(-100_000);
      }
    }
  };
  proc.stdout.on('data', keep);
  proc.stderr.on('data', keep);
  const exited = new Promise((resolve) => proc.once('exit', () => resolve()));
  const child = {
    name,
    proc,
    pid: proc.pid,
    output: () => out,
    alive: () => proc.exitCode === null && proc.signalCode === null,
    async stop() {
      if (child.alive()) proc.kill('SIGTERM');
      await Promise.race([exited, sleep(8000)]);
      if (child.alive()) proc.kill('SIGKILL');
      await Promise.race([exited, sleep(2000)]);
      children.delete(child);
    },
  };
  children.add(child);
  return child;
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitUntil(probe, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await probe().catch((e) => (/exited/.test(e.message) ? Promise.reject(e) : false))) return;
    await sleep(100);
  }
  throw new Error(`timed out waiting for ${what}`);
}

function appEnv(extra = {}) {
  return {
    NODE_ENV: 'development',
    DEMO: 'true',
    LOG_LEVEL: 'warn',
    DATABASE_URL,
    REDIS_URL,
    REDIS_PREFIX,
    ACCESS_TOKEN_TTL_SECONDS: '7200',
    ...extra,
  };
}

function preloadArgs(mainScript) {
  const args = ['--require', path.join(ROOT, 'bench/lib/elu-preload.cjs')];
  if (HOOKS) args.push('--require', HOOK_FILE);
  return { nodeArgs: args, env: { BENCH_ELU: '1', BENCH_FANOUT_MAIN: path.join(APP_ROOT, mainScript) } };
}

async function startApi() {
  const port = await freePort();
  const p = preloadArgs('apps/api/dist/main.js');
  const child = startChild('api', 'apps/api/dist/main.js', appEnv({ PORT: String(port), HOST: '127.0.0.1', ...p.env, ...(PROFILE && HOOKS ? { BENCH_FANOUT_PROFILE: PROFILE_FILE } : {}) }), p.nodeArgs);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(async () => {
    if (!child.alive()) throw new Error(`api exited:\n${child.output()}`);
    const res = await fetch(`${url}/health`);
    return res.status < 500;
  }, 'the api');
  return Object.assign(child, { port, url });
}

async function startWorker() {
  const p = preloadArgs('apps/worker/dist/main.js');
  const child = startChild('worker', 'apps/worker/dist/main.js', appEnv({ GRIDOPS_DUPLICATE_RADIUS_M: '0.5', ...p.env }), p.nodeArgs);
  await waitUntil(async () => {
    if (!child.alive()) throw new Error(`worker exited:\n${child.output()}`);
    return /worker ready/.test(child.output());
  }, 'the worker');
  return child;
}

// ---- database / redis -------------------------------------------------------------------------------------------

async function adminQuery(sql) {
  const c = new pg.Client({ connectionString: PG_ADMIN_URL });
  await c.connect();
  try {
    return await c.query(sql);
  } finally {
    await c.end();
  }
}
async function dropDb() {
  await adminQuery(`DROP DATABASE IF EXISTS "${BENCH_DB}" WITH (FORCE)`);
}
async function freshDb() {
  await dropDb();
  await adminQuery(`CREATE DATABASE "${BENCH_DB}"`);
  const r = spawnSync(process.execPath, [path.join(APP_ROOT, 'scripts/start.mjs'), '--migrate-only', '--no-build'], {
    cwd: APP_ROOT,
    env: { ...process.env, DATABASE_URL, DEMO: 'true', NODE_ENV: 'development', LOG_LEVEL: 'warn' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (r.status !== 0) throw new Error(`migrate failed: ${r.stdout}\n${r.stderr}`);
}
async function dbQuery(sql, params = []) {
  const c = new pg.Client({ connectionString: DATABASE_URL });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows;
  } finally {
    await c.end();
  }
}
async function cleanRedis() {
  const { Redis } = require('ioredis');
  const r = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await r.connect();
    let cursor = '0';
    for (let i = 0; i < 10_000; i++) {
      const [next, keys] = await r.scan(cursor, 'MATCH', `${REDIS_PREFIX}:*`, 'COUNT', 1000);
      if (keys.length) await r.del(...keys);
      cursor = next;
      if (cursor === '0') break;
    }
  } finally {
    r.disconnect();
  }
}

// ---- CPU from /proc ----------------------------------------------------------------------------------------------

function procTicks(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { comm: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), ticks: Number(rest[11]) + Number(rest[12]) };
  } catch {
    return null;
  }
}
function cpuSnapshot() {
  const procs = new Map();
  for (const d of readdirSync('/proc')) if (/^\d+$/.test(d)) {
    const t = procTicks(d);
    if (t) procs.set(Number(d), t);
  }
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  return { at: now(), procs, all: line.reduce((a, b) => a + b, 0), idle: line[3] + (line[4] ?? 0) };
}
/** cores used between two snapshots by role (1.0 = one core for the whole interval) */
function cpuBetween(a, b, roles) {
  const secs = (b.at - a.at) / 1000;
  const g = {};
  const others = [];
  for (const [pid, t] of b.procs) {
    const used = t.ticks - (a.procs.get(pid)?.ticks ?? 0);
    if (used <= 0) continue;
    const label = roles[pid] ?? (/^postgres|^postmaster/.test(t.comm) ? 'postgres (all databases)' : /redis/.test(t.comm) ? 'redis' : 'other processes');
    if (label === 'other processes') others.push({ pid, comm: t.comm, cores: Math.round((used / 100 / secs) * 100) / 100 });
    g[label] = (g[label] ?? 0) + used / 100 / secs;
  }
  const out = {};
  for (const [k, v] of Object.entries(g).sort((x, y) => y[1] - x[1])) out[k] = Math.round(v * 100) / 100;
  const allT = b.all - a.all;
  return {
    seconds: Math.round(secs * 10) / 10,
    machineBusyPct: allT > 0 ? Math.round((1 - (b.idle - a.idle) / allT) * 1000) / 10 : null,
    cores: out,
    topOthers: others.sort((x, y) => y.cores - x.cores).slice(0, 6),
  };
}
async function waitForQuiet(ours, maxWaitS) {
  const t0 = Date.now();
  let last = null;
  while (Date.now() - t0 < maxWaitS * 1000) {
    const a = cpuSnapshot();
    await sleep(2000);
    const c = cpuBetween(a, cpuSnapshot(), Object.fromEntries(ours.map((p) => [p, 'ours'])));
    const foreign = Object.entries(c.cores).filter(([k]) => k !== 'ours').reduce((s, [, v]) => s + v, 0);
    last = { foreignCores: Math.round(foreign * 100) / 100, waitedS: Math.round((Date.now() - t0) / 1000), top: c.topOthers };
    if (foreign <= 0.25) return { quiet: true, ...last };
  }
  return { quiet: false, ...last };
}

// ---- load ---------------------------------------------------------------------------------------------------------

let pointIndex = 0;
let XINCHENG;
let findContaining;
/** The first report on (31.2455, 121.3795), the rest spread over 新城 on a 3 m lattice (no two reports share a point). */
function nextPoint() {
  if (pointIndex++ === 0) return { lat: 31.2455, lng: 121.3795 };
  const BOX = { lat0: 31.2391, lat1: 31.2509, lng0: 121.369, lng1: 121.391 };
  const sLat = 3 / 110_540;
  const sLng = 3 / (111_320 * Math.cos((31.245 * Math.PI) / 180));
  const nLat = Math.floor((BOX.lat1 - BOX.lat0) / sLat);
  const nLng = Math.floor((BOX.lng1 - BOX.lng0) / sLng);
  for (let tries = 0; tries < 200; tries++) {
    const k = (pointIndex++ * 7_919 * 13) % (nLat * nLng);
    const p = { lat: +(BOX.lat0 + Math.floor(k / nLng) * sLat).toFixed(7), lng: +(BOX.lng0 + (k % nLng) * sLng).toFixed(7) };
    if (findContaining(p, XINCHENG)) return p;
  }
  throw new Error('no point inside 新城');
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
function post(url, token, body, key) {
  return new Promise((resolve) => {
    const data = Buffer.from(JSON.stringify(body));
    const req = http.request(
      `${url}/api/v1/reports`,
      { method: 'POST', agent, timeout: 30_000, headers: { 'content-type': 'application/json', 'content-length': data.length, authorization: `Bearer ${token}`, 'idempotency-key': key } },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const at = now();
          let id = null;
          if (res.statusCode === 201) {
            try {
              id = JSON.parse(Buffer.concat(chunks).toString()).id;
            } catch {
              /* counted below */
            }
          }
          resolve({ status: res.statusCode, at, id });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (err) => resolve({ status: `error: ${err.message}`, at: now(), id: null }));
    req.end(data);
  });
}

async function drive(url, token) {
  const runId = randomBytes(3).toString('hex');
  const total = Math.round(RATE * DURATION);
  const t0 = now();
  const pending = [];
  let sent = 0;
  while (sent < total) {
    const due = Math.min(total, Math.floor(((now() - t0) / 1000) * RATE) + 1);
    while (sent < due) {
      const n = sent++;
      const scheduled = t0 + (n / RATE) * 1000;
      const body = WITH_WORKER
        ? { source: 'patrol', categoryCode: 'E0102', description: `巡查发现暴露垃圾 (fan-out bench #${n})`, location: nextPoint() }
        : { source: 'hotline_12345', categoryCode: 'E0102', description: `12345 市民来电：暴露垃圾 (fan-out bench #${n})`, location: nextPoint() };
      pending.push(post(url, token, body, `fanout-${runId}-${n}`).then((r) => ({ ...r, scheduled })));
    }
    await sleep(2);
    if (now() - t0 > DURATION * 1000 + 30_000) break; // bounded even if the machine stalls
  }
  const sendEnd = now();
  const results = await Promise.all(pending);
  const statuses = {};
  for (const r of results) statuses[r.status] = (statuses[r.status] ?? 0) + 1;
  const ok = results.filter((r) => r.status === 201 && r.id);
  const lat = ok.map((r) => r.at - r.scheduled).sort((a, b) => a - b);
  const pct = (p) => (lat.length ? Math.round(lat[Math.min(lat.length - 1, Math.ceil((p / 100) * lat.length) - 1)] * 10) / 10 : null);
  return {
    t0,
    sendEnd,
    sent,
    accepted: ok.length,
    statuses,
    sendRate: Math.round((sent / ((sendEnd - t0) / 1000)) * 10) / 10,
    httpMs: { p50: pct(50), p99: pct(99), max: pct(100) },
    created201: ok.map((r) => [r.id, r.at]),
  };
}

// ---- clients ------------------------------------------------------------------------------------------------------

function forkClients(n) {
  const procs = [];
  for (let i = 0; i < n; i++) {
    const cp = fork(SELF, ['--clients-proc'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, BENCH_APP_ROOT: APP_ROOT } });
    const exited = new Promise((resolve) => cp.once('exit', () => resolve()));
    const h = {
      cp,
      pid: cp.pid,
      total: 0,
      connected: 0,
      waiters: [],
      alive: () => cp.exitCode === null && cp.signalCode === null,
      async stop() {
        if (h.alive()) {
          try {
            cp.send({ type: 'exit' });
          } catch {
            /* gone */
          }
        }
        await Promise.race([exited, sleep(5000)]);
        if (h.alive()) cp.kill('SIGKILL');
        await Promise.race([exited, sleep(2000)]);
      },
      next(type, timeoutMs) {
        return new Promise((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error(`client process ${cp.pid}: no ${type} within ${timeoutMs} ms`)), timeoutMs);
          h.waiters.push({ type, resolve: (m) => (clearTimeout(timer), resolve(m)), reject: (e) => (clearTimeout(timer), reject(e)) });
        });
      },
    };
    cp.on('message', (m) => {
      if (m.type === 'progress') {
        h.total = m.total;
        h.connected = m.connected;
        return;
      }
      if (m.type === 'error') {
        for (const w of h.waiters.splice(0)) w.reject(new Error(`client process: ${m.message}`));
        return;
      }
      const i = h.waiters.findIndex((w) => w.type === m.type);
      if (i >= 0) h.waiters.splice(i, 1)[0].resolve(m);
    });
    cp.once('exit', (code, sig) => {
      for (const w of h.waiters.splice(0)) w.reject(new Error(`client process ${cp.pid} exited (${sig ?? code})`));
    });
    procs.push(h);
  }
  return procs;
}

// ---- main ---------------------------------------------------------------------------------------------------------

let clientProcs = [];
let cleaned = false;
async function cleanup() {
  if (cleaned) return;
  cleaned = true;
  await Promise.all(clientProcs.map((c) => c.stop().catch(() => undefined)));
  await Promise.all([...children].map((c) => c.stop().catch(() => undefined)));
  agent.destroy();
  await cleanRedis().catch((e) => log(`redis cleanup failed: ${e.message}`));
  if (!KEEP_DB) await dropDb().catch((e) => log(`drop database failed: ${e.message}`));
  for (const f of [HOOK_FILE, ...(flag('keep-profile') ? [] : [PROFILE_FILE])]) {
    try {
      unlinkSync(f);
    } catch {
      /* not written */
    }
  }
}

function machine() {
  const sh = (cmd) => spawnSync('sh', ['-c', cmd], { encoding: 'utf8' }).stdout.trim();
  return {
    dateUtc: sh('date -u'),
    nproc: sh('nproc'),
    cpu: sh("grep -m1 'model name' /proc/cpuinfo | cut -d: -f2").trim(),
    free: sh('free -h'),
    node: process.version,
    postgres: sh(`psql "${PG_ADMIN_URL}" -tAc 'SHOW server_version' 2>/dev/null`),
    redis: sh("redis-cli -h 127.0.0.1 INFO server 2>/dev/null | grep redis_version | cut -d: -f2").trim(),
    appRoot: APP_ROOT,
    sourceFingerprint: sh(`cat "${APP_ROOT}/SOURCE_FINGERPRINT" 2>/dev/null`) || '(work tree)',
  };
}

async function login(url, username) {
  const res = await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'gridops-demo' }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return (await res.json()).accessToken;
}

async function main() {
  for (const [k, v, lo, hi] of [['clients', CLIENTS, 1, 5000], ['rate', RATE, 1, 1000], ['duration', DURATION, 1, 600], ['batch', BATCH, 1, 1000], ['client-procs', CLIENT_PROCS, 1, 8], ['drain-limit', DRAIN_LIMIT_S, 1, 600], ['quiet-wait', QUIET_WAIT_S, 0, 600], ['attempts', ATTEMPTS, 1, 5], ['max-foreign', MAX_FOREIGN, 0, 2]]) {
    if (!(Number.isFinite(v) && v >= lo && v <= hi)) throw new Error(`--${k}: ${lo}..${hi}`);
  }
  const info = machine();
  const command = `node bench/fanout.mjs ${process.argv.slice(2).join(' ')}`.trim();
  log(`fan-out: ${CLIENTS} ${CLIENT_IMPL} clients (${CLIENT_PROCS} process${CLIENT_PROCS > 1 ? 'es' : ''}), ${RATE} reports/s for ${DURATION} s, ${WITH_WORKER ? 'api + worker' : 'api only'}; db ${BENCH_DB}, redis prefix ${REDIS_PREFIX}`);
  const dreq = createRequire(path.join(APP_ROOT, 'libs/domain/dist/index.js'));
  ({ findContaining } = dreq(path.join(APP_ROOT, 'libs/domain/dist/index.js')));
  const { TOWN_GEOGRAPHY } = dreq(path.join(APP_ROOT, 'libs/server/dist/index.js'));
  XINCHENG = TOWN_GEOGRAPHY.gridCells.filter((c) => c.districtCode === 'xincheng');

  if (HOOKS) writeFileSync(HOOK_FILE, HOOK_SOURCE);
  await freshDb();
  log('database ready');
  const api = await startApi();
  const worker = WITH_WORKER ? await startWorker() : null;
  log(`api pid ${api.pid} on ${api.url}${worker ? `, worker pid ${worker.pid}` : ''}`);
  const boardToken = await login(api.url, 'operator');
  const reportToken = WITH_WORKER ? await login(api.url, 'worker.xincheng') : boardToken;

  // clients, in their own process(es), connected in batches
  clientProcs = forkClients(CLIENT_PROCS);
  await Promise.all(clientProcs.map((c) => c.next('ready', 30_000)));
  const per = clientProcs.map((_, i) => Math.floor(CLIENTS / CLIENT_PROCS) + (i < CLIENTS % CLIENT_PROCS ? 1 : 0));
  const tc0 = now();
  const conn = await Promise.all(
    clientProcs.map((c, i) => {
      const p = c.next('connected', 300_000);
      c.cp.send({ type: 'connect', url: api.url, token: boardToken, clients: per[i], batch: Math.max(1, Math.round(BATCH / CLIENT_PROCS)), timeoutMs: 20_000, impl: CLIENT_IMPL, batched: BATCHED });
      return p;
    }),
  );
  const connected = conn.reduce((s, c) => s + c.ok, 0);
  const connectErrors = {};
  for (const c of conn) for (const [k, v] of Object.entries(c.errors)) connectErrors[k] = (connectErrors[k] ?? 0) + v;
  log(`connected ${connected}/${CLIENTS} in ${Math.round(now() - tc0)} ms${Object.keys(connectErrors).length ? ` (errors: ${JSON.stringify(connectErrors)})` : ''}`);
  if (connected === 0) throw new Error('no client connected');
  await sleep(1000);

  const ours = [process.pid, api.pid, ...(worker ? [worker.pid] : []), ...clientProcs.map((c) => c.pid)];
  const roles = { [process.pid]: 'load generator (bench main)', [api.pid]: 'api', ...(worker ? { [worker.pid]: 'worker' } : {}) };
  clientProcs.forEach((c, i) => (roles[c.pid] = `clients${CLIENT_PROCS > 1 ? ` #${i + 1}` : ''} (${per[i]} sockets)`));

  // The measured window, repeated (up to --attempts) when other people's processes took more than --max-foreign
  // cores of this shared machine during it: such a run measures them, not us.
  let quiet, seqBefore, runT0, series, apiEluStart, workerEluStart, receivedBefore, cpuA, cpuSend, cpuB, receivedAtSendEnd, load;
  const attempts = [];
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    quiet = QUIET_WAIT_S > 0 ? await waitForQuiet(ours, QUIET_WAIT_S) : { quiet: null };
    if (quiet.quiet !== null) log(`machine ${quiet.quiet ? 'quiet' : `NOT quiet (other processes used ${quiet.foreignCores} cores)`} after ${quiet.waitedS}s`);
    seqBefore = Number((await dbQuery('SELECT coalesce(max(seq), 0)::text AS s FROM case_events'))[0].s);

    // per-second CPU of our processes during the run
    runT0 = now();
    series = [];
    let prev = cpuSnapshot();
    const sampler = setInterval(() => {
      const s = cpuSnapshot();
      const c = cpuBetween(prev, s, roles);
      prev = s;
      series.push({ t: Math.round((s.at - runT0) / 1000), busy: c.machineBusyPct, ...c.cores, received: clientProcs.reduce((a, p) => a + p.total, 0) - receivedBefore });
    }, 1000);
    apiEluStart = eluLines.api.length;
    workerEluStart = eluLines.worker.length;
    receivedBefore = clientProcs.reduce((a, p) => a + p.total, 0);
    for (const c of clientProcs) c.cp.send({ type: 'start' });
    profileDone = null;
    if (PROFILE && HOOKS) api.proc.kill('SIGPWR');
    cpuA = cpuSnapshot();
    runT0 = now();
    receivedAtSendEnd = null;
    // at the end of the send window (whether or not the answers are back): messages so far; stop the profile
    cpuSend = null;
    const sendWindowEnd = sleep(DURATION * 1000).then(() => {
      cpuSend = cpuSnapshot();
      receivedAtSendEnd = { t: now(), n: clientProcs.reduce((a, p) => a + p.total, 0) - receivedBefore };
      if (PROFILE && HOOKS) api.proc.kill('SIGWINCH');
    });
    log(`attempt ${attempt}/${ATTEMPTS}: driving ${RATE} reports/s for ${DURATION} s …`);
    load = await drive(api.url, reportToken);
    await sendWindowEnd;
    log(`sent ${load.sent} (${load.sendRate}/s), 201: ${load.accepted}, statuses ${JSON.stringify(load.statuses)}, HTTP p50 ${load.httpMs.p50} ms p99 ${load.httpMs.p99} ms`);

    // drain: until every committed event reached every connected client, or nothing moved for 5 s (worker: the
    // pipeline keeps emitting after the load stops), bounded by --drain-limit
    const tDrain = now();
    let lastTotal = -1;
    let lastMove = now();
    for (let i = 0; i < DRAIN_LIMIT_S * 4; i++) {
      const ev = Number((await dbQuery('SELECT count(*)::text AS n FROM case_events WHERE seq > $1', [seqBefore]))[0].n);
      const got = clientProcs.reduce((a, p) => a + p.total, 0) - receivedBefore;
      const connectedNow = clientProcs.reduce((a, p) => a + p.connected, 0);
      if (got !== lastTotal) {
        lastTotal = got;
        lastMove = now();
      }
      if (got >= ev * connectedNow && (!WITH_WORKER || now() - lastMove > 3000)) break;
      if (now() - lastMove > 5000) break;
      await sleep(250);
    }
    cpuB = cpuSnapshot();
    clearInterval(sampler);
    log(`drained in ${Math.round(now() - tDrain)} ms`);
    const win = cpuBetween(cpuA, cpuSend ?? cpuB, roles);
    const foreign = win.cores['other processes'] ?? 0;
    attempts.push({ attempt, foreignCores: foreign, machineBusyPct: win.machineBusyPct, topOthers: win.topOthers.slice(0, 3) });
    if (foreign <= MAX_FOREIGN) break;
    log(`other processes used ${foreign} cores during the send window (> --max-foreign ${MAX_FOREIGN})${attempt < ATTEMPTS ? ': discarding this attempt' : ': keeping it (last attempt), figures are contaminated'}`);
  }

  const finishMsg = { type: 'finish', commits: [...commits].map(([s, t]) => [s, t]), fanouts: [...fanouts], created201: load.created201 };
  const results = await Promise.all(
    clientProcs.map((c) => {
      const p = c.next('result', 120_000);
      c.cp.send(finishMsg);
      return p;
    }),
  );

  // ---- figures ----
  const dbEvents = await dbQuery('SELECT seq::text AS seq, type, at FROM case_events WHERE seq > $1 ORDER BY seq', [seqBefore]);
  const eventsCommitted = dbEvents.length;
  const byType = {};
  for (const e of dbEvents) byType[e.type] = (byType[e.type] ?? 0) + 1;
  const perClient = results.flatMap((r) => r.perClient);
  const received = results.reduce((s, r) => s + r.total, 0);
  const expected = eventsCommitted * connected;
  const H = {};
  for (const k of ['atToClient', 'commitToClient', 'broadcastStartToClient', 'http201ToClient']) {
    H[k] = hNew();
    for (const r of results) hMerge(H[k], hFromWire(r.hist[k]));
  }
  // per event: spread between first and last client receipt; receipts per event
  const evAgg = new Map();
  for (const r of results)
    for (const [seq, , first, last, count] of r.events) {
      const e = evAgg.get(seq) ?? { first: Infinity, last: -Infinity, count: 0 };
      e.first = Math.min(e.first, first);
      e.last = Math.max(e.last, last);
      e.count += count;
      evAgg.set(seq, e);
    }
  const spread = hNew();
  const commitToFirst = hNew();
  const commitToLast = hNew();
  const commitToBroadcast = hNew();
  const broadcastSync = hNew();
  let eventsWithLoss = 0;
  for (const e of dbEvents) {
    const a = evAgg.get(Number(e.seq));
    if (!a || a.count < connected) eventsWithLoss++;
    if (a) hAdd(spread, a.last - a.first);
    const c = commits.get(e.seq);
    const f = fanouts.get(e.seq);
    if (a && c !== undefined) {
      hAdd(commitToFirst, a.first - c);
      hAdd(commitToLast, a.last - c);
    }
    if (c !== undefined && f) hAdd(commitToBroadcast, f[0] - c);
    if (f) hAdd(broadcastSync, f[1] - f[0]);
  }
  // latency over time: commit → client p99 per 5 s of the run (by commit time)
  const windows = [];
  {
    const W = 5000;
    const buckets = new Map();
    for (const e of dbEvents) {
      const c = commits.get(e.seq);
      const a = evAgg.get(Number(e.seq));
      if (c === undefined || !a) continue;
      const w = Math.floor((c - runT0) / W);
      const b = buckets.get(w) ?? { events: 0, worstLast: [] };
      b.events++;
      b.worstLast.push(a.last - c);
      buckets.set(w, b);
    }
    for (const [w, b] of [...buckets].sort((x, y) => x[0] - y[0])) {
      const s = b.worstLast.sort((x, y) => x - y);
      windows.push({ fromS: (w * W) / 1000, events: b.events, lastClientMedianMs: Math.round(s[Math.floor(s.length / 2)] * 10) / 10, lastClientMaxMs: Math.round(s[s.length - 1] * 10) / 10 });
    }
  }
  const lastReceipt = Math.max(...[...evAgg.values()].map((e) => e.last));
  const deliverSecs = (lastReceipt - runT0) / 1000;
  const apiElu = eluLines.api.slice(apiEluStart).filter((x) => x.t >= runT0 && x.t <= load.sendEnd + 1000);
  const workerElu = eluLines.worker.slice(workerEluStart).filter((x) => x.t >= runT0 && x.t <= load.sendEnd + 1000);
  const avg = (xs) => (xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 100) / 100 : null);
  const mx = (xs) => (xs.length ? Math.round(Math.max(...xs) * 100) / 100 : null);
  const clientElu = results.map((r) => ({ eluMean: avg(r.elu.map((x) => x.elu)), eluMax: mx(r.elu.map((x) => x.elu)), cpuMean: avg(r.elu.map((x) => x.cpu)), loopDelayMs: r.loopDelayMs, rssMB: r.rssMB }));
  const psApi = spawnSync('ps', ['-o', 'pid=,%cpu=,rss=', '-p', String(api.pid)], { encoding: 'utf8' }).stdout.trim();

  const report = {
    command,
    machine: info,
    mode: WITH_WORKER ? 'api + worker (patrol reports by worker.xincheng)' : 'api only (12345 reports by operator)',
    hooks: HOOKS,
    quiet,
    attempts,
    clients: { impl: CLIENT_IMPL, requested: CLIENTS, connected, connectErrors, processes: CLIENT_PROCS, connectedAtEnd: results.reduce((s, r) => s + r.connectedAtEnd, 0), disconnects: results.reduce((s, r) => s + r.disconnects, 0), disconnectReasons: Object.assign({}, ...results.map((r) => r.disconnectReasons)) },
    load: { rate: RATE, duration: DURATION, sent: load.sent, accepted: load.accepted, statuses: load.statuses, sendRate: load.sendRate, httpMs: load.httpMs },
    events: { committed: eventsCommitted, byType, broadcastHooked: [...commits.keys()].filter((s) => Number(s) > seqBefore).length, fannedOutHooked: [...fanouts.keys()].filter((s) => Number(s) > seqBefore).length },
    messages: {
      expected,
      received,
      lost: expected - received,
      eventsMissingAtLeastOneClient: eventsWithLoss,
      clientsComplete: perClient.filter((n) => n >= eventsCommitted).length,
      perClientMin: Math.min(...perClient),
      perClientMax: Math.max(...perClient),
      outOfOrder: results.reduce((s, r) => s + r.outOfOrder, 0),
      duplicates: results.reduce((s, r) => s + r.duplicates, 0),
      liveClientResumesWouldSend: results.reduce((s, r) => s + (r.wouldResume ?? 0), 0),
      typeCounts: Object.assign({}, ...results.map((r) => r.typeCounts)),
      otherEvents: Object.assign({}, ...results.map((r) => r.otherEvents)),
      messageBytes: results[0].sampleBytes,
      required: Math.round(eventsCommitted / DURATION) * connected,
      perSecondDuringSendWindow: receivedAtSendEnd ? Math.round(receivedAtSendEnd.n / ((receivedAtSendEnd.t - runT0) / 1000)) : null,
      perSecondStartToLastReceipt: Math.round(received / deliverSecs),
      lastReceiptAfterLastSendMs: Math.round(lastReceipt - load.sendEnd),
    },
    latencyMs: {
      commitToClient: hSummary(H.commitToClient),
      atToClient: hSummary(H.atToClient),
      http201ToClient: hSummary(H.http201ToClient),
      broadcastStartToClient: hSummary(H.broadcastStartToClient),
      commitToBroadcastStart: hSummary(commitToBroadcast),
      broadcastSyncDuration: hSummary(broadcastSync),
      commitToFirstClient: hSummary(commitToFirst),
      commitToLastClient: hSummary(commitToLast),
      firstToLastClientSpread: hSummary(spread),
    },
    windows,
    cpu: { sendWindow: cpuBetween(cpuA, cpuSend, roles), sendAndDrain: cpuBetween(cpuA, cpuB, roles), perSecond: series, psApi },
    eventLoop: { api: { eluMean: avg(apiElu.map((x) => x.elu)), eluMax: mx(apiElu.map((x) => x.elu)), cpuMean: avg(apiElu.map((x) => x.cpu)) }, worker: WITH_WORKER ? { eluMean: avg(workerElu.map((x) => x.elu)), cpuMean: avg(workerElu.map((x) => x.cpu)) } : null, clients: clientElu },
  };
  {
    const us = dbEvents.map((e) => fanouts.get(e.seq)?.[2]).filter((x) => Number.isFinite(x)).sort((x, y) => x - y);
    const q = (p) => us[Math.min(us.length - 1, Math.ceil((p / 100) * us.length) - 1)];
    report.fanoutCpuUsPerEvent = us.length
      ? { n: us.length, p50: q(50), p99: q(99), mean: Math.round(us.reduce((x, y) => x + y, 0) / us.length), socketsPerBroadcast: [...fanouts.values()].at(-1)?.[3] }
      : { n: 0 };
    // by event type (worker events reach the api through Redis, often several in one read)
    report.fanoutByEventType = {};
    for (const type of Object.keys(byType)) {
      const fs = dbEvents.filter((e) => e.type === type).map((e) => fanouts.get(e.seq)).filter(Boolean);
      const cpu = fs.map((f) => f[2]).sort((x, y) => x - y);
      const wall = fs.map((f) => f[1] - f[0]).sort((x, y) => x - y);
      const med = (xs) => xs[Math.floor(xs.length / 2)];
      report.fanoutByEventType[type] = { n: fs.length, cpuUsP50: med(cpu), cpuUsMean: Math.round(cpu.reduce((x, y) => x + y, 0) / (cpu.length || 1)), syncMsP50: Math.round(med(wall) * 10) / 10 };
    }
  }
  if (PROFILE && HOOKS) {
    for (let i = 0; i < 100 && profileDone === null; i++) await sleep(100);
    report.profile = { file: PROFILE_FILE, status: profileDone };
    if (profileDone === 'written') {
      try {
        const { summarizeProfile } = await import(path.join(ROOT, 'bench/lib/cpuprofile-summary.mjs'));
        report.profile.summary = summarizeProfile(PROFILE_FILE, 20);
      } catch (err) {
        report.profile.summaryError = err.message;
      }
    }
  }
  // where seq order is lost: events committed (CaseBroadcaster called) / broadcast after an event with a higher seq
  {
    const seqs = dbEvents.map((e) => e.seq);
    const lateAfter = (timeOf) => {
      const withT = seqs.filter((q) => timeOf(q) !== undefined).map((q) => [Number(q), timeOf(q)]).sort((x, y) => x[1] - y[1]);
      let max = -1;
      let late = 0;
      for (const [q] of withT) {
        if (q < max) late++;
        else max = q;
      }
      return late;
    };
    report.seqOrder = {
      eventsCommittedAfterAHigherSeq: lateAfter((q) => commits.get(q)),
      eventsBroadcastAfterAHigherSeq: lateAfter((q) => fanouts.get(q)?.[0]),
      eventsArrivingLateAtEveryClient: connected ? Math.round(report.messages.outOfOrder / connected) : null,
    };
  }
  const c2c = report.latencyMs.commitToClient.n ? report.latencyMs.commitToClient : report.latencyMs.atToClient;
  report.goal = { p99Ms: c2c.p99, p99Met: c2c.p99 <= GOAL_P99_MS, noLoss: report.messages.lost === 0 && eventsWithLoss === 0, met: c2c.p99 <= GOAL_P99_MS && report.messages.lost === 0 && eventsWithLoss === 0 };

  console.log(JSON.stringify({ ...report, cpu: { ...report.cpu, perSecond: undefined } }, null, 2));
  console.log('\nper second (cores, messages received so far):');
  for (const s of series) console.log(JSON.stringify(s));
  if (JSON_OUT) writeFileSync(JSON_OUT, JSON.stringify(report, null, 2));

  const L = report.latencyMs;
  console.log(`\n| figure | value |\n| --- | --- |`);
  const rows = [
    ['mode', report.mode],
    ['other processes during the send window', `${attempts.at(-1).foreignCores} cores (attempt ${attempts.length}/${ATTEMPTS}${attempts.length > 1 ? `; discarded: ${attempts.slice(0, -1).map((a) => a.foreignCores).join(', ')} cores` : ''})`],
    ['clients connected', `${connected} / ${CLIENTS} ${CLIENT_IMPL} (${CLIENT_PROCS} process${CLIENT_PROCS > 1 ? 'es' : ''}); disconnects during run: ${report.clients.disconnects}`],
    ['reports sent / 201', `${load.sent} / ${load.accepted} at ${load.sendRate}/s; HTTP p50 ${load.httpMs.p50} ms, p99 ${load.httpMs.p99} ms`],
    ['events committed', `${eventsCommitted} ${JSON.stringify(byType)}`],
    ['out of seq order (all clients) / resumes a console would send', `${report.messages.outOfOrder} / ${report.messages.liveClientResumesWouldSend}; events committed / broadcast after a higher seq: ${report.seqOrder.eventsCommittedAfterAHigherSeq} / ${report.seqOrder.eventsBroadcastAfterAHigherSeq}`],
    ['messages expected / received / lost', `${expected} / ${received} / ${expected - received}`],
    ['messages/s delivered', `${report.messages.perSecondDuringSendWindow} during the ${DURATION} s send window, ${report.messages.perSecondStartToLastReceipt} from start to last receipt (${report.messages.lastReceiptAfterLastSendMs} ms after the send window); needed ${report.messages.required}`],
    ['commit → client p50 / p95 / p99 / max', `${L.commitToClient.p50} / ${L.commitToClient.p95} / ${L.commitToClient.p99} / ${L.commitToClient.max} ms`],
    ['`at` → client p50 / p95 / p99 / max', `${L.atToClient.p50} / ${L.atToClient.p95} / ${L.atToClient.p99} / ${L.atToClient.max} ms`],
    ['commit → broadcast start p50 / p99; broadcast (sync) p50 / p99', `${L.commitToBroadcastStart.p50} / ${L.commitToBroadcastStart.p99}; ${L.broadcastSyncDuration.p50} / ${L.broadcastSyncDuration.p99} ms (CPU ${report.fanoutCpuUsPerEvent.p50} µs/event p50)`],
    ['api broadcast CPU by event type', Object.entries(report.fanoutByEventType).map(([k, v]) => `${k}: p50 ${v.cpuUsP50} µs, mean ${v.cpuUsMean} µs`).join('; ')],
    ['CPU, cores (start → last receipt)', JSON.stringify(report.cpu.sendAndDrain.cores) + `; machine busy ${report.cpu.sendAndDrain.machineBusyPct} %`],
    ['goal (p99 ≤ 250 ms, no loss)', report.goal.met ? 'met' : 'NOT met'],
  ];
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  return report;
}

if (process.argv.includes('--clients-proc')) {
  await clientMain();
} else {
  let code = 0;
  const bail = async (sig) => {
    log(`${sig}: cleaning up`);
    await cleanup();
    process.exit(130);
  };
  process.on('SIGINT', () => void bail('SIGINT'));
  process.on('SIGTERM', () => void bail('SIGTERM'));
  try {
    await main();
  } catch (err) {
    console.error(err.stack ?? err);
    for (const c of children) console.error(`--- ${c.name} output (tail) ---\n${c.output().slice(-3000)}`);
    code = 1;
  } finally {
    await cleanup();
    log('cleaned up (children stopped, redis keys removed, database dropped)');
  }
  process.exit(code);
}
