import type { ActionRequest, CaseView } from '@gridops/contracts';
import type { CaseState } from '@gridops/domain';
import { describeActionError } from '../cases/action-errors';

export type BulkStatus = 'pending' | 'running' | 'done' | 'conflict' | 'failed';

export interface BulkRow {
  id: string;
  number: string;
  /** the version the operator saw when selecting: a case changed since is reported, not dispatched blindly */
  version: number;
  status: BulkStatus;
  /** for failures: the i18n key of `cases:error.*` and the server's words */
  error?: { key: string; message: string };
  /** for conflicts: the state the case is in now, if known */
  stateNow?: CaseState;
}

export type SendDispatch = (caseId: string, body: ActionRequest) => Promise<CaseView>;
/** reads the case again after a conflict, to say what it became */
export type ReadCase = (caseId: string) => Promise<CaseView>;

/**
 * Dispatches each selected case in turn with the same assignee (one at a time: the server checks each case's
 * version and state separately, and a 2-core desk PC should not fire fifty requests at once). Every row ends with
 * its own result; a conflict on one never stops the others.
 */
export async function runBulkDispatch(
  rows: Pick<BulkRow, 'id' | 'number' | 'version'>[],
  input: { assignee: NonNullable<ActionRequest['assignee']>; note?: string },
  send: SendDispatch,
  read: ReadCase,
  onProgress: (rows: BulkRow[]) => void,
): Promise<BulkRow[]> {
  const state: BulkRow[] = rows.map((r) => ({ ...r, status: 'pending' }));
  const update = (i: number, patch: Partial<BulkRow>) => {
    state[i] = { ...state[i], ...patch };
    onProgress([...state]);
  };
  onProgress([...state]);
  for (let i = 0; i < state.length; i++) {
    update(i, { status: 'running' });
    const body: ActionRequest = { version: state[i].version, assignee: input.assignee, ...(input.note?.trim() ? { note: input.note.trim() } : {}) };
    try {
      await send(state[i].id, body);
      update(i, { status: 'done' });
    } catch (e) {
      const failure = describeActionError(e);
      if (failure.kind === 'conflict') {
        const now = await read(state[i].id).catch(() => null);
        update(i, { status: 'conflict', stateNow: now?.case.state });
      } else {
        update(i, { status: 'failed', error: { key: failure.kind === 'fields' ? 'input' : failure.key, message: failure.message } });
      }
    }
  }
  return state;
}
