import { TERMINAL_STATES, type CaseState } from '@gridops/domain';

/** States as SQL literals, `'CLOSED', 'VOID'` (state names are libs/domain's constants, never caller text). */
export const sqlStateList = (states: readonly CaseState[]): string => states.map((s) => `'${s}'`).join(', ');

/** The closed states — closed (结案) or void (作废), libs/domain's TERMINAL_STATES — as a SQL list: `('CLOSED', 'VOID')`. */
export const CLOSED_STATES_SQL = `(${sqlStateList(TERMINAL_STATES)})`;

const stateColumn = (alias: string | undefined) => (alias ? `${alias}.state` : 'state');

/**
 * "The case is open" on a cases row (`alias.state`, or a bare `state`). The partial indexes idx_cases_open_* are built
 * on exactly this predicate, so queries that use it can use them.
 */
export const openCaseSql = (alias?: string): string => `${stateColumn(alias)} NOT IN ${CLOSED_STATES_SQL}`;

/** "The case is closed or void" on a cases row. */
export const closedCaseSql = (alias?: string): string => `${stateColumn(alias)} IN ${CLOSED_STATES_SQL}`;
