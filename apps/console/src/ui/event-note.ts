import type { CaseEventView } from '@gridops/contracts';
import { systemNoteText } from '@gridops/domain';

/**
 * Events written before notes were stored as codes carry the system's text in both languages, "中文 / English"
 * (e.g. "自动立案 / auto-filed"); the timeline is an append-only audit log, so they stay as written. Such a pair shows
 * the half of the reader's language; text that is not a pair (what people wrote) is shown as it is.
 */
const PAIR = /^(.*\p{Script=Han}.*?)\s+\/\s+([^\p{Script=Han}]+)$/u;

export function localText(text: string, lang: string): string {
  const m = PAIR.exec(text.trim());
  if (!m) return text;
  return lang === 'en' ? m[2] : m[1];
}

/** A timeline event's note in the reader's language: the software's note worded from its code, a person's as written. */
export function eventNoteText(e: Pick<CaseEventView, 'note' | 'systemNote' | 'actor'>, lang: string): string | null {
  if (e.systemNote) return systemNoteText(e.systemNote, lang);
  if (!e.note) return null;
  return e.actor.role === 'system' ? localText(e.note, lang) : e.note;
}
