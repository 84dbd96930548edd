import { LANGUAGES, type Language } from '../../shared/model/languages.js'

/**
 * The first of the user's languages, in their order of preference (navigator.languages), that
 * Casebook speaks; English if none. A region we do not offer falls to the language (es-MX → es,
 * pt-PT → pt-BR, fr-CA → fr); Chinese in Simplified script (zh, zh-CN, zh-SG, zh-Hans) is zh-CN,
 * while Traditional (zh-TW, zh-HK, zh-Hant) is not, and falls to the next preference.
 */
export function matchLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const found = supported(tag)
    if (found) return found
  }
  return 'en'
}

function supported(tag: string): Language | undefined {
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
