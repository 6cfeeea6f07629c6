import { z } from 'zod';
import { DISTRICT_CODES, type CaseState, type DistrictCode, type Light } from '@gridops/domain';
import { trimmed } from './common';
import type { CaseSummary, GeoPoint } from './cases';

/** `GET /api/v1/hotspots` query: narrow to one category and/or one 片区 (inside the caller's scope). */
export const hotspotListQuerySchema = z.strictObject({
  category: z.string().trim().regex(/^[A-Z]\d{4}$/, 'category codes look like E0102').optional(),
  district: z.enum(DISTRICT_CODES).optional(),
});
export type HotspotListQuery = z.infer<typeof hotspotListQuerySchema>;

/** A hotspot is named by its anchor, the earliest of its cases (libs/domain `findHotspots`). */
export const hotspotIdSchema = z.uuid();

/** `POST /api/v1/hotspots/:id/special` — the shift lead opens one 专项 case for the place's root cause. */
export const openSpecialCaseSchema = z.strictObject({
  /** what the root-cause case is to find out or fix; a default naming the place and its repeats when absent */
  note: trimmed(500).optional(),
});
export type OpenSpecialCaseRequest = z.infer<typeof openSpecialCaseSchema>;

/** One case of a hotspot, as its list shows it. */
export interface HotspotMember {
  id: string;
  number: string;
  state: CaseState;
  light: Light | null;
  reportedAt: string;
  /** metres from the hotspot's anchor */
  metres: number;
}

/** A case's 专项 link: the root-cause case, as the other side shows it. */
export interface LinkedCase {
  id: string;
  number: string;
  state: CaseState;
}

/** 高发点位: one category reported again and again at one place (docs/board.md, "Hotspots"). */
export interface Hotspot {
  /** the anchor case's id */
  id: string;
  categoryCode: string;
  /** the anchor's point (WGS-84): the ring's centre */
  location: GeoPoint;
  /** metres around `location` that the repeats lie within (the rule's radius) */
  radiusMetres: number;
  districtCode: DistrictCode;
  gridCellCode: string;
  address: string | null;
  /** every case of the hotspot in the window, including ones outside the caller's scope */
  caseCount: number;
  firstReportedAt: string;
  lastReportedAt: string;
  /** the cases the caller may see, earliest first */
  members: HotspotMember[];
  /** the 专项 case opened for it, when one has been: linked to (some of) its members */
  specialCase: LinkedCase | null;
}

export interface HotspotList {
  items: Hotspot[];
  /** the rule the list was found by (libs/domain HOTSPOT_RULE) */
  rule: { radiusMetres: number; minCases: number; windowDays: number };
}

/** `GET /api/v1/hotspots/:id`: the hotspot with its visible cases in full. */
export interface HotspotDetail extends Hotspot {
  cases: CaseSummary[];
}

/** `POST /api/v1/hotspots/:id/special`'s answer. `created` is false when the hotspot already had one. */
export interface SpecialCaseResult {
  specialCase: LinkedCase;
  created: boolean;
  /** member case ids linked to the 专项 case now */
  linkedCaseIds: string[];
}

/** `GET /api/v1/cases/:id/links`: a case's 专项 links, both ways. */
export interface CaseLinks {
  /** the 专项 case this case is a repeat of, when one was opened */
  special: LinkedCase | null;
  /** when this case is a 专项 case: the repeats it links, earliest first */
  repeats: LinkedCase[];
}
