import i18next from 'i18next'
import type { Language } from '../../shared/model/languages.js'
import { loadCatalog } from './loadCatalog.js'

/** The window's i18next; main.tsx binds it to React and to <html lang>. */
export const i18n = i18next.createInstance()

/** The language asked for last: a catalog that loads after another was chosen must not take over. */
let latest: Language | null = null

/** Shows the window in the given language, once its catalog (and only its) is loaded. */
export async function showLanguage(language: Language): Promise<void> {
  latest = language
  if (!i18n.isInitialized) await i18n.init({ resources: {}, interpolation: { escapeValue: false }, returnNull: false })
  if (!i18n.hasResourceBundle(language, 'translation')) i18n.addResourceBundle(language, 'translation', await loadCatalog(language))
  if (language === latest) await i18n.changeLanguage(language)
}
