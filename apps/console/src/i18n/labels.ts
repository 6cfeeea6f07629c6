import {
  ACTION_LABELS, DISTRICT_NAMES, ROLE_LABELS, SOURCE_LABELS, STATE_LABELS,
  type CaseAction, type CaseState, type DistrictCode, type Role, type Source,
} from '@gridops/domain';
import { useTranslation } from 'react-i18next';

type Labelled = { zh: string; en: string };
const pick = (l: Labelled | undefined, lang: string, fallback: string) => (l ? (lang === 'en' ? l.en : l.zh) : fallback);

/** Domain labels in the current language: `labels.state('CLOSED')` → 已结案 / Closed. */
export function useLabels() {
  const { i18n } = useTranslation();
  const lang = i18n.language;
  return {
    lang,
    state: (s: CaseState | string) => pick(STATE_LABELS[s as CaseState], lang, s),
    action: (a: CaseAction | string) => pick(ACTION_LABELS[a as CaseAction], lang, a),
    role: (r: Role | string) => pick(ROLE_LABELS[r as Role], lang, r),
    source: (s: Source | string) => pick(SOURCE_LABELS[s as Source], lang, s),
    district: (d: DistrictCode | string | null | undefined) => (d ? pick(DISTRICT_NAMES[d as DistrictCode], lang, d) : ''),
    /** a `{ zh, en }` or `{ name, nameEn }` pair from the API */
    name: (zh: string, en?: string | null) => (lang === 'en' && en ? en : zh),
  };
}
