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
