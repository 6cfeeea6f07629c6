/**
 * For tests of child processes (the built api and worker): per-test resources released in reverse order after each
 * test, even when it fails, and the children's output appended to a failure (their logs are the only view into them).
 */
export interface ChildScenarios {
  /** release `run` after this test */
  defer(what: string, run: () => Promise<unknown>): void;
  /** show `output` (a child's) in this test's failure message */
  watch(what: string, output: () => string): void;
  /** `it`, with what the watched children printed appended to a failure */
  scenario(name: string, timeoutMs: number, body: () => Promise<void>): void;
}

/**
 * Call once at the top of a spec file: registers the `afterEach` that releases what was deferred, within
 * `cleanupTimeoutMs` (jest's default hook timeout unless given: a streaming replica and its slot take longer).
 */
export function childScenarios(opts: { cleanupTimeoutMs?: number } = {}): ChildScenarios {
  const cleanups: { what: string; run: () => Promise<unknown> }[] = [];
  const diagnostics: { what: string; output: () => string }[] = [];

  afterEach(async () => {
    while (cleanups.length > 0) {
      const c = cleanups.pop() as (typeof cleanups)[number];
      try {
        await c.run();
      } catch (err) {
        console.warn(`cleanup of ${c.what} failed: ${(err as Error).message}`);
      }
    }
    diagnostics.length = 0;
  }, opts.cleanupTimeoutMs);

  return {
    defer: (what, run) => void cleanups.push({ what, run }),
    watch: (what, output) => void diagnostics.push({ what, output }),
    scenario(name, timeoutMs, body) {
      it(
        name,
        async () => {
          try {
            await body();
          } catch (err) {
            const e = err as Error;
            // failure path only: let a child that is crashing finish dying, so its exit status and last words show
            await new Promise((r) => setTimeout(r, 500));
            const tails = diagnostics.map((d) => `--- ${d.what} ---\n${clip(d.output())}`).join('\n');
            if (tails) e.message = `${e.message}\n${tails}`;
            throw e;
          }
        },
        timeoutMs,
      );
    },
  };
}

/** A child's output for a failure message: how it began (a crash prints there) and how it ended. */
function clip(text: string): string {
  return text.length <= 4000 ? text : `${text.slice(0, 2000)}\n[… ${text.length - 4000} chars …]\n${text.slice(-2000)}`;
}
