import { z } from 'zod';
import {
  CASE_STATES,
  DISTRICT_CODES,
  LIGHTS,
  SOURCES,
  type ActorRole,
  type CaseAction,
  type CaseEventType,
  type CaseState,
  type DistrictCode,
  type Light,
  type Priority,
  type Source,
  type SystemNote,
} from '@gridops/domain';
import { LIMITS, isoInstant, type Page, type TakenAtSeq } from './common';
import { localDate } from './stats';
import type { AttachmentView } from './attachments';

/** A comma-separated list in a query string (`state=PENDING_FILE,PENDING_DISPATCH`), each item checked. */
const csv = <T extends z.ZodType>(item: T) =>
  z
    .string()
    .max(1000)
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item).min(1).max(50) as unknown as z.ZodType<z.output<T>[], string[]>);

/** A yes/no filter in a query string: `true` or `false`. */
const flag = z.enum(['true', 'false']).transform((v) => v === 'true');

/** `GET /api/v1/cases` query: cursor pagination and the filters of architecture.md §4. */
/**
 * The KPI figures a case list can be narrowed to (drill-down from the board and analytics, docs/kpis.md): each counts
 * cases, so the list's total is the figure. `reworks` and the minute sums count something else and are left out.
 */
export const KPI_CASE_MEASURES = [
  'new', 'filed', 'closed', 'handled', 'reworked', 'due', 'due_closed', 'due_on_time', 'due_extended', 'gr_base', 'gr_solved', 'became_overdue',
  'dispatched', 'voided', 'self_closed', 'filed_closed', 'overdue_open', 'open_now', 'suspended_now', 'escalated', 'accept_n', 'handle_n', 'close_n',
] as const;
export type KpiCaseMeasure = (typeof KPI_CASE_MEASURES)[number];

/** The case list's query, before the checks that read several fields together (`caseListChecks`). */
export const caseListQueryShape = z.strictObject({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize).default(50),
  district: csv(z.enum(DISTRICT_CODES)).optional(),
  grid: csv(z.string().regex(/^[a-z]+-\d{2}$/, 'grid codes look like xincheng-01')).optional(),
  state: csv(z.enum(CASE_STATES)).optional(),
  light: csv(z.enum(LIGHTS)).optional(),
  category: csv(z.string().regex(/^[A-Z]\d{4}$/, 'category codes look like E0102')).optional(),
  source: csv(z.enum(SOURCES)).optional(),
  assignee: z.union([z.uuid(), z.literal('me')]).optional(),
  /** the grid worker chosen to check the fix (核查人), e.g. `checker=me` for a worker's own checks */
  checker: z.union([z.uuid(), z.literal('me')]).optional(),
  unit: z.string().max(40).optional(),
  /** reported at or after / before (ISO instants) */
  from: isoInstant.optional(),
  to: isoInstant.optional(),
  /** open = every state but CLOSED and VOID */
  open: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  /** matches the case number, description or address */
  q: z.string().trim().min(1).max(LIMITS.text).optional(),
  /** 督办 / 紧急 flags */
  supervised: flag.optional(),
  urgent: flag.optional(),
  /** the pipeline could not dispatch it (e.g. no one on duty): the desk must (`dispatchHold` set) */
  held: flag.optional(),
  /** the pipeline suggests it repeats another open case (`suggestedDuplicateOf` set) */
  duplicate: flag.optional(),
  /** the cases behind a KPI figure over Shanghai dates kpiFrom–kpiTo (both included, up to now), as the board and analytics count it */
  kpi: z.enum(KPI_CASE_MEASURES).optional(),
  kpiFrom: localDate.optional(),
  kpiTo: localDate.optional(),
  /** a ranking's person: the one who reported the fix, or the assignee while it is not fixed */
  person: z.union([z.uuid(), z.literal('me')]).optional(),
  /** `true`: the answer carries `total`, the number of cases matching the filters (a drill-down shows it beside the figure) */
  count: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

/** A KPI drill-down names its window, at most 366 days long (checks of several fields: for every schema built on the shape). */
export function caseListChecks(q: { kpi?: string; kpiFrom?: string; kpiTo?: string }, ctx: z.RefinementCtx): void {
  if (q.kpi && (!q.kpiFrom || !q.kpiTo)) ctx.addIssue({ code: 'custom', path: ['kpi'], message: 'kpi needs kpiFrom and kpiTo' });
  if (q.kpiFrom && q.kpiTo && q.kpiTo < q.kpiFrom) ctx.addIssue({ code: 'custom', path: ['kpiTo'], message: 'kpiTo is before kpiFrom' });
  if (q.kpiFrom && q.kpiTo && Date.parse(q.kpiTo) - Date.parse(q.kpiFrom) > 365 * 86_400_000) ctx.addIssue({ code: 'custom', path: ['kpiTo'], message: 'at most 366 days' });
}

export const listCasesQuerySchema = caseListQueryShape.superRefine(caseListChecks);
export type ListCasesQuery = z.input<typeof listCasesQuerySchema>;
/** The list query as its schema reads it: the server and the live client read a query the same way. */
export type CaseListQuery = z.output<typeof listCasesQuerySchema>;
/**
 * The list's filters: every field of the query but the page (`cursor`, `limit`). The server turns each into SQL
 * (libs/server cases/case-filters.ts); the live client judges a changed case by each, or leaves it to the server
 * (libs/live-client case-filters.ts).
 */
export type CaseListFilter = Exclude<keyof CaseListQuery, 'cursor' | 'limit' | 'count'>;

/**
 * `GET /api/v1/cases/nearby` — open cases of a category around a point: the possible duplicates (疑似重复) of a
 * report about to be made (the desk's intake form shows them before saving). Same radius and window as the
 * pipeline's duplicate suggestion.
 */
export const nearbyCasesQuerySchema = z.strictObject({
  lat: z.coerce.number().finite().min(-90).max(90),
  lng: z.coerce.number().finite().min(-180).max(180),
  category: z.string().regex(/^[A-Z]\d{4}$/, 'category codes look like E0102'),
});
export type NearbyCasesQuery = z.input<typeof nearbyCasesQuerySchema>;

/** One possible duplicate: the case (its caller masked, as in every list) and how far it is. */
export interface NearbyCase {
  case: CaseSummary;
  metres: number;
}

export interface GeoPoint {
  lat: number;
  lng: number;
}

/** What a board needs to draw and patch a case without another request (architecture.md §1). */
export interface CaseSummary {
  id: string;
  number: string;
  state: CaseState;
  light: Light | null;
  source: Source;
  districtCode: DistrictCode;
  gridCellCode: string;
  categoryCode: string;
  priority: Priority;
  urgent: boolean;
  supervised: boolean;
  escalatedToDistrict: boolean;
  assigneeUserId: string | null;
  assigneeUnitCode: string | null;
  /** who checks the fix (核查): with the assignee, what lets a phone judge "my work" from a live event alone */
  checkerUserId: string | null;
  location: GeoPoint;
  address: string | null;
  description: string;
  stepDueAt: string | null;
  handlingDueAt: string | null;
  clockDueAt: string | null;
  /** the running clock turns yellow (预警) here; red at `clockDueAt` */
  clockYellowAt: string | null;
  /** an open case this one probably repeats: the desk merges or dismisses */
  suggestedDuplicateOf: string | null;
  /** why the pipeline could not dispatch it (`no_one_on_duty`): the desk dispatches by hand */
  dispatchHold: string | null;
  reportedAt: string;
  updatedAt: string;
  version: number;
  /**
   * The caller (来电人) as lists show them, always masked — `王** 138****5678` — or null when the case has none; the
   * case file (`CaseDetail.reporter`) has them in full for the desk. Optional: summaries made before it existed lack it.
   */
  caller?: string | null;
}

/** `GET /cases`: a page of the list, and the seq it was read at (a screen's live updates go on from there). */
export type CasePage = Page<CaseSummary> & TakenAtSeq;

export interface CaseDetail extends CaseSummary {
  reporter: { name: string | null; phone: string | null } | null;
  occurredAt: string | null;
  fixerUserId: string | null;
  requestedDueAt: string | null;
  reworkCount: number;
  extensionCount: number;
  returnCount: number;
  deadlineVersion: number;
  voidReason: string | null;
  returnReason: string | null;
  duplicateOf: string | null;
  callbackSatisfied: boolean | null;
  milestones: {
    reportedAt: string;
    filedAt: string | null;
    dispatchedAt: string | null;
    acceptedAt: string | null;
    handledAt: string | null;
    checkedAt: string | null;
    closedAt: string | null;
  };
}

/** One line of the timeline (案件流转记录). */
export interface CaseEventView {
  seq: string;
  type: CaseEventType;
  actor: { id: string | null; role: ActorRole; name: string };
  fromState: CaseState | null;
  toState: CaseState;
  /** what a person wrote */
  note: string | null;
  /** what the software noted, as code and values: put it into words with `systemNoteText(note, lang)` */
  systemNote: SystemNote | null;
  payload: Record<string, unknown>;
  /** ids of the photos this step brought; their files and URLs are in `CaseView.attachments` */
  attachmentIds: string[];
  at: string;
}

export interface CaseView {
  case: CaseDetail;
  timeline: CaseEventView[];
  /** exactly the actions the caller may take now */
  allowedActions: CaseAction[];
  /** every photo of the case, oldest first, with signed URLs (each names the timeline event that brought it) */
  attachments: AttachmentView[];
}
