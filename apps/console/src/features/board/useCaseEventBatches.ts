import { useCallback, useEffect, useLayoutEffect, useRef } from 'react';
import type { CaseEventMessage } from '@gridops/contracts';
import { useLiveEvent } from '../../live/LiveProvider';

/** A burst of events reaches the screen at most this often (4 times a second), not once per event. */
export const BOARD_FLUSH_MS = 250;

/**
 * `case.created` and `case.updated` events, handed over in batches: the first event of a quiet spell starts a short
 * timer, and everything that arrives meanwhile is flushed together. 100 events in a second cost 4 redraws.
 */
export function useCaseEventBatches(onFlush: (batch: CaseEventMessage[], receivedAt: { first: number; last: number }) => void, flushMs = BOARD_FLUSH_MS): void {
  const buffer = useRef<CaseEventMessage[]>([]);
  const firstAt = useRef(0);
  const lastAt = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const handler = useRef(onFlush);
  useLayoutEffect(() => {
    handler.current = onFlush;
  });
  const onEvent = useCallback(
    (m: CaseEventMessage) => {
      lastAt.current = performance.now();
      if (buffer.current.length === 0) firstAt.current = lastAt.current;
      buffer.current.push(m);
      timer.current ??= setTimeout(() => {
        timer.current = null;
        const batch = buffer.current;
        buffer.current = [];
        handler.current(batch, { first: firstAt.current, last: lastAt.current });
      }, flushMs);
    },
    [flushMs],
  );
  useLiveEvent('case.created', onEvent);
  useLiveEvent('case.updated', onEvent);
  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = null;
    },
    [],
  );
}
