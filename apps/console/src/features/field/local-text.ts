/**
 * The server writes its own notes and notification titles in both languages, "中文 / English" (e.g.
 * "自动立案 / auto-filed"). On a phone screen one is enough: the half of the current language. Text that is not
 * such a pair (what people wrote) is shown as it is.
 */
const PAIR = /^(.*\p{Script=Han}.*?)\s+\/\s+([^\p{Script=Han}]+)$/u;

export function localText(text: string, lang: string): string {
  const m = PAIR.exec(text.trim());
  if (!m) return text;
  return lang === 'en' ? m[2] : m[1];
}

/** a case number as the server makes them (CZ-20261127-0023) */
const CASE_NUMBER = /\b[A-Z]{2,}-\d{8}-\d+\b/;

/**
 * A notification's title in one language, case number first (a narrow line cuts its end, never the number): the
 * server's pairs put the number in the Chinese half only ("新派遣案件 CZ-… / new case dispatched to you"), and a
 * worker needs it in either language.
 */
export function noticeText(title: string, lang: string): string {
  const local = localText(title, lang);
  const number = CASE_NUMBER.exec(title)?.[0];
  if (!number) return local;
  const rest = local.replace(number, '').replace(/\s+/g, ' ').trim();
  return rest ? `${number} · ${rest}` : number;
}
