/**
 * Text the system writes for people is stored as a code with parameters and put into words when read, in the
 * reader's language (zh-CN first, English beside it) — never stored as bilingual prose. One catalogue per kind of
 * text (system-notes.ts here; notice titles in libs/contracts) and this one way of filling them in.
 */
export type Lang = 'zh-CN' | 'en';

/** A text in both languages; `{name}` marks a parameter. */
export interface Wording {
  zh: string;
  en: string;
}

export type TextParams = Record<string, string | number>;

/** The wording in `lang` with its parameters filled in; a parameter that is missing stays visible as `{name}`. */
export function fillWording(w: Wording, params: TextParams | null | undefined, lang: Lang | string): string {
  const template = lang.startsWith('zh') ? w.zh : w.en;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (params && params[name] !== undefined ? String(params[name]) : whole));
}
