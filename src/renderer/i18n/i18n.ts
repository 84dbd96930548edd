import i18next from 'i18next'
import type { Language } from '../../shared/model/languages.js'
import { loadCatalog } from './loadCatalog.js'

/** The window's i18next; main.tsx binds it to React and to <html lang>. */
export const i18n = i18next.createInstance()

/** Shows the window in the given language, once its catalog (and only its) is loaded. */
export async function showLanguage(language: Language): Promise<void> {
  if (!i18n.isInitialized) await i18n.init({ resources: {}, interpolation: { escapeValue: false }, returnNull: false })
  if (!i18n.hasResourceBundle(language, 'translation')) i18n.addResourceBundle(language, 'translation', await loadCatalog(language))
  await i18n.changeLanguage(language)
}
