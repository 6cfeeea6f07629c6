import { useSyncExternalStore } from 'react';

/**
 * The current time, re-rendering every `intervalMs`. One shared timer per interval for the whole page, so a list
 * of 500 countdowns costs one timer, not 500.
 */
const clocks = new Map<number, { now: number; listeners: Set<() => void>; timer: ReturnType<typeof setInterval> | null }>();

function clock(intervalMs: number) {
  let c = clocks.get(intervalMs);
  if (!c) {
    c = { now: Date.now(), listeners: new Set(), timer: null };
    clocks.set(intervalMs, c);
  }
  return c;
}

export function useNow(intervalMs = 1000): number {
  const c = clock(intervalMs);
  return useSyncExternalStore(
    (fn) => {
      c.listeners.add(fn);
      if (!c.timer) {
        c.now = Date.now();
        c.timer = setInterval(() => {
          c.now = Date.now();
          c.listeners.forEach((l) => l());
        }, intervalMs);
      }
      return () => {
        c.listeners.delete(fn);
        if (c.listeners.size === 0 && c.timer) {
          clearInterval(c.timer);
          c.timer = null;
        }
      };
    },
    () => c.now,
  );
}
