/**
 * The languages Casebook speaks, as BCP 47 tags: of its screens (the renderer's catalogs), of its
 * templates, and of a document (its meta's `language`). The CLI speaks English only.
 */
export const LANGUAGES = ['en', 'es', 'pt-BR', 'fr', 'zh-CN'] as const
export type Language = (typeof LANGUAGES)[number]

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
 * The first of the user's preferred languages (BCP 47 tags, best first, such as navigator.languages)
 * that Casebook speaks, matched on the language alone when the region differs (pt-PT reads pt-BR,
 * zh-TW zh-CN, es-419 es); English if none.
 */
export function closestLanguage(tags: readonly string[]): Language {
  for (const tag of tags) {
    const primary = tag.toLowerCase().split(/[-_]/)[0]
    const match = LANGUAGES.find((language) => language.toLowerCase() === tag.toLowerCase()) ?? LANGUAGES.find((language) => language.split('-')[0] === primary)
    if (match) return match
  }
  return 'en'
}
