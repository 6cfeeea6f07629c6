import { useCallback, useEffect, useRef, useState } from 'react';
import type { CaseEventMessage } from '@gridops/contracts';
import { useLiveEvent } from '../../live/LiveProvider';

/** How long a newly arrived case stays highlighted in the queue. */
export const FRESH_MS = 8000;

/** Ids of cases that arrived over the live socket in the last few seconds (the queue highlights them briefly). */
export function useFreshCases(): ReadonlySet<string> {
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const onCreated = useCallback((m: CaseEventMessage) => {
    if (m.replay) return;
    const id = m.caseId;
    setFresh((s) => new Set(s).add(id));
    clearTimeout(timers.current.get(id));
    timers.current.set(
      id,
      setTimeout(() => {
        timers.current.delete(id);
        setFresh((s) => {
          const next = new Set(s);
          next.delete(id);
          return next;
        });
      }, FRESH_MS),
    );
  }, []);
  useLiveEvent('case.created', onCreated);
  useEffect(() => {
    const all = timers.current;
    return () => all.forEach((t) => clearTimeout(t));
  }, []);
  return fresh;
}
