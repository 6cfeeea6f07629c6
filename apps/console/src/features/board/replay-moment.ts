import { createContext, useContext } from 'react';
import { REPLAY_WINDOW_DAYS } from '@gridops/contracts';
import { useNow } from '../../ui/useNow';

/**
 * 回放 (replay): the moment the wall shows, or null when it is live. Everything on the board that reads the clock
 * (pin lights, countdowns, the header clock) reads it through `useBoardNow`, so a replayed wall is the wall of then.
 */
export const ReplayMoment = createContext<number | null>(null);

export function useReplayMoment(): number | null {
  return useContext(ReplayMoment);
}

/** The board's "now": the replayed moment, or the clock ticking every `intervalMs`. */
export function useBoardNow(intervalMs: number): number {
  const replay = useReplayMoment();
  const now = useNow(intervalMs);
  return replay ?? now;
}

const DAY_MS = 86_400_000;

/**
 * `?at=` as the wall takes it: an instant (ISO 8601 or ms), not after `now`, not before the replay window — clamped
 * into it, so a link of last quarter opens at the earliest moment rather than an error screen. Null when absent or
 * not a time (the live wall).
 */
export function parseReplayAt(raw: string | null, now: number): number | null {
  if (!raw) return null;
  const ms = /^\d+$/.test(raw) ? Number(raw) : Date.parse(raw);
  if (!Number.isFinite(ms)) return null;
  const earliest = now - REPLAY_WINDOW_DAYS * DAY_MS + 60_000;
  return Math.min(Math.max(ms, earliest), now);
}

/** Minutes of a day on the scrubber and ×60: one replayed minute per second. */
export const REPLAY_SPEED = 60;
export const REPLAY_TICK_MS = 1000;

/** The next moment of a playing replay, `elapsedMs` of real time later; stops at `now`. */
export function nextReplayMoment(at: number, elapsedMs: number, now: number, speed = REPLAY_SPEED): number {
  return Math.min(at + elapsedMs * speed, now);
}
