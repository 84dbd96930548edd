import * as z from 'zod'

/**
 * The languages Casebook speaks, as BCP 47 tags: of its screens (the renderer's catalogs), of its
 * templates, and of a document (its meta's `language`). The CLI speaks English only.
 */
export const LANGUAGES = ['en', 'es', 'pt-BR', 'fr', 'zh-CN'] as const
export type Language = (typeof LANGUAGES)[number]

export const languageSchema = z.enum(LANGUAGES, { error: `must be one of ${LANGUAGES.join(', ')}` })

/** Each language's name in itself, as a language menu shows it. */
export const LANGUAGE_NAMES: Record<Language, string> = {
  en: 'English',
  es: 'Español',
  'pt-BR': 'Português (Brasil)',
  fr: 'Français',
  'zh-CN': '简体中文',
}

export function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value)
}

/**
 * The language Casebook speaks closest to a BCP 47 tag, in any case, or undefined if none is: a region
 * we do not offer falls to the language (es-MX → es, fr-CA → fr, pt and pt-PT → pt-BR); Chinese in
 * Simplified script (zh, zh-CN, zh-SG, zh-Hans) is zh-CN, while Traditional (zh-TW, zh-HK, zh-Hant)
 * is none. A malformed tag is none.
 */
export function closestLanguage(tag: string): Language | undefined {
  let locale: Intl.Locale
  try {
    locale = new Intl.Locale(tag).maximize()
  } catch {
    return undefined
  }
  if (locale.language === 'zh') return locale.script === 'Hans' ? 'zh-CN' : undefined
  if (locale.language === 'pt') return 'pt-BR'
  return LANGUAGES.find((language) => language === locale.language)
}
