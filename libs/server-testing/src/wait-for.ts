/**
 * Wait until `probe` returns a value (not null/false), polling. Tests wait for the pipeline's effect this way instead
 * of sleeping a guessed time; the timeout only bounds a failure, it never decides a pass.
 */
export async function waitFor<T>(probe: () => Promise<T | null | undefined | false>, opts: { what: string; timeoutMs?: number; intervalMs?: number }): Promise<T> {
  const deadline = Date.now() + (opts.timeoutMs ?? 20_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== null && value !== undefined && value !== false) return value;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${opts.what}${last ? ` (last error: ${(last as Error).message})` : ''}`);
    await new Promise((r) => setTimeout(r, opts.intervalMs ?? 50));
  }
}
