import type { ListCasesQuery, Me } from '@gridops/contracts';
import type { CaseState } from '@gridops/domain';

/**
 * The four tabs of the task list and the list queries behind each, per role. A grid worker's read scope is the whole
 * 片区, so their own work is asked for with `assignee=me` / `checker=me`; unit staff already see only their unit's
 * work, so their queries need no person filter.
 */
export const FIELD_TABS = ['accept', 'doing', 'check', 'done'] as const;
export type FieldTab = (typeof FIELD_TABS)[number];

/** Still with the assignee: being fixed, or waiting on a lead's decision about a request they made. */
export const DOING_STATES: CaseState[] = ['IN_PROGRESS', 'REWORK', 'EXTENSION_REQUESTED', 'SUSPEND_REQUESTED', 'RETURN_REQUESTED', 'SUSPENDED'];
/** The fix is reported: someone else checks and closes it. */
export const DONE_STATES: CaseState[] = ['HANDLED', 'SELF_DISPOSED', 'PENDING_CHECK', 'PENDING_CLOSE', 'CLOSED'];

const csv = (states: CaseState[]) => states.join(',');
const LIMIT = 100;

export function tabsFor(me: Pick<Me, 'role'>): FieldTab[] {
  // checks (核查) and verifications (核实) are grid workers' work
  return me.role === 'grid_worker' ? [...FIELD_TABS] : FIELD_TABS.filter((t) => t !== 'check');
}

export function tabQueries(tab: FieldTab, me: Pick<Me, 'role'>): ListCasesQuery[] {
  const worker = me.role === 'grid_worker';
  const mine: ListCasesQuery = worker ? { assignee: 'me' } : {};
  switch (tab) {
    case 'accept':
      return [{ ...mine, state: 'DISPATCHED', limit: LIMIT }];
    case 'doing':
      return [{ ...mine, state: csv(DOING_STATES), limit: LIMIT }];
    case 'check':
      // checks chosen for me, and on-site verifications (核实) waiting in my 片区, which any of its workers may do
      return worker ? [{ checker: 'me', state: 'PENDING_CHECK', limit: LIMIT }, { state: 'PENDING_VERIFY', limit: LIMIT }] : [];
    case 'done':
      return worker
        ? [{ assignee: 'me', state: csv(DONE_STATES), limit: 30 }, { checker: 'me', state: 'PENDING_CLOSE,CLOSED,REWORK', limit: 30 }]
        : [{ state: csv(DONE_STATES), limit: 30 }];
  }
}
