import { addressKeyOf, addressParts, normalizeAddress } from './address-text';

/**
 * How well an entry of the standard address library (标准地址库) matches what someone typed, and when a text
 * "resolves" to one entry. Pure; the database only finds the candidates (trigram index), this decides.
 *
 * Score in [0, 1], per spelling of the entry (its standard form and each alias), the best one counting:
 * - 1 — the normalised texts are equal (exact);
 * - 0.97 — the finding keys are equal (弄/号 swapped, 路 left out);
 * - else the better of the Dice coefficient of the keys' character pairs and 1 − edit distance / length (one
 *   wrong character in "梅穿路1350弄"), raised to 0.8–0.95 when the entry's whole key appears
 *   inside the text (a 12345 address with more words: "梅川路1350弄小区门口"), the longer entry the higher — a road
 *   only to 0.75 (a road is a line: "吉镇路菜场门口" lists it, never resolves to it);
 * - then numbers: a text with a house/lane number against an entry with another number × 0.3 (梅川路1351弄 is not
 *   1350弄), against an entry without one (the road, a compound) × 0.85; an entry with a number for a text
 *   without one × 0.9; the same number + 0.05; a number without a road ("1350弄") against an entry on a road × 0.7;
 * - an entry whose key lies inside a better candidate's key (the road under its 弄) × 0.8, so the most specific
 *   place the text names wins.
 *
 * Entries scoring under 0.4 are no candidates. Resolution (`resolveAddress`): exactly one exact candidate → that one; else the best scores ≥ 0.8 and leads the
 * next by ≥ 0.08 → that one; otherwise it does not resolve — the candidates are returned, never a guess.
 */
export const ADDRESS_RESOLVE_MIN_SCORE = 0.8;
export const ADDRESS_RESOLVE_MARGIN = 0.08;
/** Below this an entry is not a candidate at all (it shares a character or two with the text, no more). */
export const ADDRESS_CANDIDATE_MIN_SCORE = 0.4;

export interface AddressCandidateText {
  id: string;
  /** the standard form (标准地址) and the aliases, as stored (they are normalised here) */
  texts: string[];
  /** a road: a line, not a place — a text that only mentions it ("吉镇路菜场门口") is not placed at it */
  broad?: boolean;
}

export interface RankedAddress<C extends AddressCandidateText = AddressCandidateText> {
  candidate: C;
  score: number;
  exact: boolean;
}

export type AddressResolution<C extends AddressCandidateText = AddressCandidateText> =
  | { status: 'resolved'; match: RankedAddress<C>; ranked: RankedAddress<C>[] }
  | { status: 'ambiguous'; ranked: RankedAddress<C>[] }
  | { status: 'none'; ranked: [] };

function pairs(s: string): string[] {
  const chars = [...s];
  if (chars.length < 2) return chars;
  const out: string[] = [];
  for (let i = 0; i < chars.length - 1; i++) out.push(chars[i] + chars[i + 1]);
  return out;
}

/** Dice coefficient of the two texts' character pairs (multiset). */
export function pairSimilarity(a: string, b: string): number {
  const pa = pairs(a);
  const pb = pairs(b);
  if (pa.length === 0 || pb.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const p of pa) counts.set(p, (counts.get(p) ?? 0) + 1);
  let shared = 0;
  for (const p of pb) {
    const n = counts.get(p) ?? 0;
    if (n > 0) {
      shared += 1;
      counts.set(p, n - 1);
    }
  }
  return (2 * shared) / (pa.length + pb.length);
}

/** Levenshtein distance over characters (code points). */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const row = [i];
    for (let j = 1; j <= y.length; j++) row.push(Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1)));
    prev = row;
  }
  return prev[y.length];
}

interface Spelling {
  normalized: string;
  key: string;
}

function spellingsOf(c: AddressCandidateText): Spelling[] {
  return c.texts.map((t) => normalizeAddress(t)).filter(Boolean).map((normalized) => ({ normalized, key: addressKeyOf(normalized) }));
}

/** The best a road reaches when the text only contains it: a candidate, never resolved by that alone. */
const BROAD_CONTAINED_MAX = 0.75;

function scoreSpelling(q: Spelling, s: Spelling, broad: boolean): { score: number; exact: boolean } {
  if (q.normalized === s.normalized) return { score: 1, exact: true };
  if (q.key === s.key) return { score: 0.97, exact: false };
  const qLen = [...q.key].length;
  const sLen = [...s.key].length;
  let score = Math.max(pairSimilarity(q.key, s.key), 1 - editDistance(q.key, s.key) / Math.max(qLen, sLen));
  if (sLen >= 2 && q.key.includes(s.key)) score = Math.max(score, broad ? BROAD_CONTAINED_MAX : 0.8 + (0.15 * sLen) / qLen);
  const qp = addressParts(q.normalized);
  const sp = addressParts(s.normalized);
  const qn = qp.number;
  const sn = sp.number;
  if (qn !== null && sn !== null) score = qn === sn ? score + 0.05 : score * 0.3;
  else if (qn !== null) score *= 0.85;
  else if (sn !== null) score *= 0.9;
  // a number without its road ("1350弄") is on every road that has one
  if (qn !== null && qp.road === null && sp.road !== null) score *= 0.7;
  return { score: Math.min(0.96, Math.max(0, score)), exact: false };
}

/** The candidates ranked for the text, best first (ties by id, so the order never depends on the database's). */
export function rankAddresses<C extends AddressCandidateText>(text: string, candidates: readonly C[]): RankedAddress<C>[] {
  const normalized = normalizeAddress(text);
  if (!normalized) return [];
  const q: Spelling = { normalized, key: addressKeyOf(normalized) };
  const scored = candidates.map((candidate) => {
    const spellings = spellingsOf(candidate);
    let best = { score: 0, exact: false };
    for (const s of spellings) {
      const r = scoreSpelling(q, s, candidate.broad === true);
      if (r.exact || r.score > best.score) best = r;
      if (r.exact) break;
    }
    return { candidate, score: best.score, exact: best.exact, keys: spellings.map((s) => s.key) };
  });
  // the road under its 弄, the compound under its building: the more specific place the text names wins
  for (const a of scored) {
    if (a.exact) continue;
    const under = scored.some((b) => b !== a && b.score >= a.score && b.keys.some((bk) => a.keys.some((ak) => bk !== ak && bk.includes(ak))));
    if (under) a.score *= 0.8;
  }
  return scored
    .filter((r) => r.exact || r.score >= ADDRESS_CANDIDATE_MIN_SCORE)
    .sort((x, y) => Number(y.exact) - Number(x.exact) || y.score - x.score || (x.candidate.id < y.candidate.id ? -1 : x.candidate.id > y.candidate.id ? 1 : 0))
    .map(({ candidate, score, exact }) => ({ candidate, score: Math.round(score * 1000) / 1000, exact }));
}

/** Whether the text names exactly one entry (rule in the module comment); the ranked candidates either way. */
export function resolveAddress<C extends AddressCandidateText>(text: string, candidates: readonly C[]): AddressResolution<C> {
  const ranked = rankAddresses(text, candidates);
  if (ranked.length === 0) return { status: 'none', ranked: [] };
  const exact = ranked.filter((r) => r.exact);
  if (exact.length === 1) return { status: 'resolved', match: exact[0], ranked };
  if (exact.length > 1) return { status: 'ambiguous', ranked };
  const [top, next] = ranked;
  if (top.score >= ADDRESS_RESOLVE_MIN_SCORE && (!next || top.score - next.score >= ADDRESS_RESOLVE_MARGIN)) return { status: 'resolved', match: top, ranked };
  return { status: 'ambiguous', ranked };
}
