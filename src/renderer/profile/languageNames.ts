import type { Language } from '../../shared/model/language.js'

/** Each language as its speakers name it: the same in every catalog, so not in them. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
  fr: 'Français',
  'zh-CN': '中文（简体）',
}
