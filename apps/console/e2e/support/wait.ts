/**
 * Ask again until the answer is right (expect.poll-style): for state that arrives over the network (the pipeline,
 * the live socket, a throttled refetch). Never a fixed sleep: it returns as soon as `ok` holds, and on timeout it
 * fails with the last answer seen.
 */
export async function until<T>(what: string, ask: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 20_000, everyMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await ask();
      lastError = undefined;
      if (ok(last)) return last;
    } catch (e) {
      lastError = e;
    }
    if (Date.now() > deadline) {
      const seen = lastError instanceof Error ? `error ${lastError.message}` : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last seen: ${seen}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
