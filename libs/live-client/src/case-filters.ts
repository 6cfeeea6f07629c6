import type { CaseSummary, ListCasesQuery } from '@gridops/contracts';
import { OPEN_STATES } from '@gridops/domain';

const list = (v: string | undefined): string[] | null => (v ? v.split(',').map((x) => x.trim()).filter(Boolean) : null);
const within = (value: string | null, allowed: string[] | null) => allowed === null || (value !== null && allowed.includes(value));

/**
 * Whether a case belongs in a list with these filters — so a new or changed case can be put into (or taken out of)
 * a cached list without asking the server. `undefined` when a filter can't be judged locally (text search, cursor
 * pages, time windows): the caller then refetches that list.
 */
export function matchesFilters(c: CaseSummary, f: ListCasesQuery): boolean | undefined {
  if (f.q !== undefined || f.cursor !== undefined || f.from !== undefined || f.to !== undefined || f.assignee !== undefined || f.checker !== undefined) return undefined;
  if (!within(c.districtCode, list(f.district))) return false;
  if (!within(c.gridCellCode, list(f.grid))) return false;
  if (!within(c.state, list(f.state))) return false;
  if (!within(c.light, list(f.light))) return false;
  if (!within(c.categoryCode, list(f.category))) return false;
  if (!within(c.source, list(f.source))) return false;
  if (f.unit !== undefined && c.assigneeUnitCode !== f.unit) return false;
  if (f.supervised !== undefined && c.supervised !== (String(f.supervised) === 'true')) return false;
  if (f.urgent !== undefined && c.urgent !== (String(f.urgent) === 'true')) return false;
  if (f.held !== undefined && (c.dispatchHold !== null) !== (String(f.held) === 'true')) return false;
  if (f.duplicate !== undefined && (c.suggestedDuplicateOf !== null) !== (String(f.duplicate) === 'true')) return false;
  if (f.open !== undefined) {
    const open = OPEN_STATES.includes(c.state);
    if (String(f.open) === 'true' ? !open : open) return false;
  }
  return true;
}
