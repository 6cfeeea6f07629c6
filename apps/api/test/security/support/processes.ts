import { spawn } from 'node:child_process';
import path from 'node:path';
import { WORKSPACE, databaseUrl } from '@gridops/server-testing';

export interface Finished {
  /** exit code, null when killed by a signal */
  code: number | null;
  stdout: string;
  stderr: string;
  /** still running at the deadline (then killed): it did not refuse to start */
  timedOut: boolean;
}

/**
 * What a person at a shell would have: PATH and HOME, nothing of jest's (NODE_ENV=test) or of the developer's
 * gridops settings. The test adds exactly the variables it means.
 */
export function cleanEnv(env: Record<string, string | undefined>): Record<string, string> {
  const out: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out[k] = v;
  return out;
}

export interface Running {
  output(): { stdout: string; stderr: string };
  exited(): boolean;
  /** SIGTERM to the whole process group (start.mjs, the api, the worker), SIGKILL what is left after 8 s */
  stop(): Promise<Finished>;
}

/** `node <script> args…` in its own process group, from the workspace root. */
export function startScript(script: string, args: string[], env: Record<string, string>): Running {
  const child = spawn(process.execPath, [path.join(WORKSPACE, script), ...args], { cwd: WORKSPACE, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let done = false;
  void exit.then(() => (done = true));
  const group = (signal: NodeJS.Signals) => {
    try {
      if (child.pid) process.kill(-child.pid, signal);
    } catch {
      /* gone */
    }
  };
  const groupAlive = () => {
    try {
      if (child.pid) process.kill(-child.pid, 0);
      return !!child.pid;
    } catch {
      return false;
    }
  };
  return {
    output: () => ({ stdout, stderr }),
    exited: () => done,
    async stop() {
      const wasRunning = !done;
      group('SIGTERM');
      const until = Date.now() + 8000;
      while (groupAlive() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
      if (groupAlive()) group('SIGKILL');
      const code = await exit;
      return { code, stdout, stderr, timedOut: wasRunning };
    },
  };
}

/** Run a script until it exits; a process still running after `timeoutMs` is stopped and reported as timedOut. */
export async function runToExit(script: string, args: string[], env: Record<string, string>, timeoutMs = 20_000): Promise<Finished> {
  const p = startScript(script, args, env);
  const until = Date.now() + timeoutMs;
  while (!p.exited() && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
  // exited: stop() only collects the exit code; still running: it is stopped and reported as timedOut
  return p.stop();
}

/** a stack trace in an operator-facing refusal means the process crashed instead of refusing */
const STACK = /\n\s+at .+:\d+:\d+/;

/**
 * Run a script that must refuse to start: it exits by itself, with an error code, saying why without a stack trace.
 * `env` is all it gets besides PATH and HOME. Returns what it printed on stderr.
 */
export async function refusal(script: string, args: string[], env: Record<string, string>, timeoutMs = 30_000): Promise<string> {
  const r = await runToExit(script, args, cleanEnv(env), timeoutMs);
  expect({ timedOut: r.timedOut, exitedWithError: r.code !== 0 }).toEqual({ timedOut: false, exitedWithError: true });
  expect(r.stderr).not.toMatch(STACK);
  return r.stderr;
}

/** A scratch database name for one test, dropped by `dropDatabase` (the process under test may create it). */
export function scratchDatabase(tag: string): { name: string; superuserUrl: string } {
  const name = `gridops_test_${tag}_${process.pid}_${Math.floor(Math.random() * 1e6)}`;
  return { name, superuserUrl: databaseUrl(name) };
}

/** The same database through another role (trust auth on this machine: no password). */
export function asRole(url: string, role: string, password = ''): string {
  const u = new URL(url);
  u.username = role;
  u.password = password;
  return u.toString();
}
