import i18next from 'i18next'
import type { Language } from '../../shared/model/languages.js'
import { ENGLISH, loadCatalog } from './loadCatalog.js'

/**
 * The window's i18next (main.tsx hands it to React), ready in English as soon as it is imported: the
 * window never waits for English, nor is left blank when another catalog cannot be loaded; a key
 * another catalog lacks is said in English (fallbackLng), not shown as the key.
 */
export const i18n = i18next.createInstance()
i18n.init({
  lng: 'en',
  fallbackLng: 'en',
  resources: { en: { translation: ENGLISH } },
  // Synchronous: the resources are here, so init need not wait for a timer.
  initAsync: false,
  interpolation: { escapeValue: false },
  returnNull: false,
})

/** The language asked for last: a catalog that loads after another was chosen must not take over. */
let latest: Language | null = null

/**
 * Shows the window in the given language, once its catalog (and only its) is loaded. If the catalog
 * cannot be loaded, the window stays in the language it is shown in, and this rejects.
 */
export async function showLanguage(language: Language): Promise<void> {
  latest = language
  if (!i18n.hasResourceBundle(language, 'translation')) i18n.addResourceBundle(language, 'translation', await loadCatalog(language))
  if (language === latest) await i18n.changeLanguage(language)
}
