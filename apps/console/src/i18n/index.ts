import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { commonMessages } from './common-messages';

/** zh-CN first (the operations centre works in Chinese); English on the switch. The choice is remembered. */
export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
const KEY = 'gridops.lang';

export function savedLanguage(): Language {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

export function setLanguage(lang: Language): void {
  localStorage.setItem(KEY, lang);
  void i18n.changeLanguage(lang);
  document.documentElement.lang = lang;
}

export type Messages = Record<string, string | Record<string, unknown>>;

/**
 * Each feature owns its words (features/<name>/messages.ts) and registers them here under its own namespace,
 * so screens don't fight over one big file.
 */
export function registerMessages(ns: string, messages: { 'zh-CN': Messages; en: Messages }): void {
  i18n.addResourceBundle('zh-CN', ns, messages['zh-CN'], true, true);
  i18n.addResourceBundle('en', ns, messages.en, true, true);
}

void i18n.use(initReactI18next).init({
  lng: savedLanguage(),
  fallbackLng: 'zh-CN',
  defaultNS: 'common',
  ns: ['common'],
  resources: { 'zh-CN': { common: commonMessages['zh-CN'] }, en: { common: commonMessages.en } },
  interpolation: { escapeValue: false },
  returnNull: false,
});

export { i18n };
