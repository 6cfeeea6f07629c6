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
