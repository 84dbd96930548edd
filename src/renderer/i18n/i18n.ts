import i18next from 'i18next'
import type { Language } from '../../shared/model/languages.js'
import { loadCatalog } from './loadCatalog.js'

/** The window's i18next; main.tsx binds it to React and to <html lang>. */
export const i18n = i18next.createInstance()

/**
 * Shows the window in the given language, once its catalog is loaded. A language without a catalog
 * yet is shown in English, the fallback. Resolves to the language shown.
 */
export async function showLanguage(language: Language): Promise<Language> {
  if (!i18n.isInitialized) await i18n.init({ fallbackLng: 'en', resources: {}, interpolation: { escapeValue: false }, returnNull: false })
  const shown = (await addCatalog(language)) ? language : 'en'
  if (shown !== language) await addCatalog('en')
  await i18n.changeLanguage(shown)
  return shown
}

async function addCatalog(language: Language): Promise<boolean> {
  if (i18n.hasResourceBundle(language, 'translation')) return true
  const catalog = await loadCatalog(language)
  if (catalog) i18n.addResourceBundle(language, 'translation', catalog)
  return catalog !== null
}
