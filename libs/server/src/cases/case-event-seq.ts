/**
 * The seq of the last committed case event, as SQL: the point a snapshot answer (open map, board figures, a case
 * list) was taken at, sent with it so a screen can resume live updates from there (contracts `TakenAtSeq`).
 *
 * Read it in the statement that reads the snapshot (one MVCC snapshot: everything up to it is in the answer), or
 * before the statements that read it (then the answer holds at least everything up to it — a replay of what it
 * already holds is harmless, live screens ignore versions they have seen). `seq` is the primary key: a backward
 * index scan, one row.
 */
export const LAST_EVENT_SEQ_SQL = `(SELECT coalesce(max(seq), 0)::text FROM case_events)`;
