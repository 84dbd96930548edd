import { closestLanguage, type Language } from '../../shared/model/languages.js'

/**
 * The first of the user's languages, in their order of preference (navigator.languages), that
 * Casebook speaks (see closestLanguage: es-MX → es, pt-PT → pt-BR, zh-Hans → zh-CN, Traditional
 * Chinese passed over); English if none.
 */
export function matchLanguage(preferred: readonly string[]): Language {
  for (const tag of preferred) {
    const found = closestLanguage(tag)
    if (found) return found
  }
  return 'en'
}
