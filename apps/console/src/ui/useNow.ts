import { useSyncExternalStore } from 'react';

/**
 * The current time, re-rendering every `intervalMs`. One shared timer per interval for the whole page, so a list
 * of 500 countdowns costs one timer, not 500.
 */
interface Clock {
  now: number;
  listeners: Set<() => void>;
  timer: ReturnType<typeof setInterval> | null;
  /** one stable subscribe per interval: a new function each render would make React resubscribe every render */
  subscribe: (fn: () => void) => () => void;
  read: () => number;
}
const clocks = new Map<number, Clock>();

function clock(intervalMs: number): Clock {
  let c = clocks.get(intervalMs);
  if (!c) {
    const made: Clock = {
      now: Date.now(),
      listeners: new Set(),
      timer: null,
      subscribe: (fn) => {
        made.listeners.add(fn);
        if (!made.timer) {
          made.now = Date.now();
          made.timer = setInterval(() => {
            made.now = Date.now();
            made.listeners.forEach((l) => l());
          }, intervalMs);
        }
        return () => {
          made.listeners.delete(fn);
          if (made.listeners.size === 0 && made.timer) {
            clearInterval(made.timer);
            made.timer = null;
          }
        };
      },
      read: () => made.now,
    };
    c = made;
    clocks.set(intervalMs, c);
  }
  return c;
}

export function useNow(intervalMs = 1000): number {
  const c = clock(intervalMs);
  return useSyncExternalStore(c.subscribe, c.read);
}
