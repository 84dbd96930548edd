import i18next from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Language } from '../../shared/model/language.js'
import { loadCatalog } from './loadCatalog.js'

/** The window's i18next: react-i18next re-renders every component that translates when its language changes. */
export const i18n = i18next.createInstance().use(initReactI18next)

/**
 * Shows the window in the given language, once its catalog is loaded. A language without a catalog
 * yet is shown in English, the fallback; `<html lang>` names the language the window is shown in.
 * Resolves to that language.
 */
export async function showLanguage(language: Language): Promise<Language> {
  if (!i18n.isInitialized) await i18n.init({ fallbackLng: 'en', resources: {}, interpolation: { escapeValue: false }, returnNull: false })
  const shown = (await addCatalog(language)) ? language : 'en'
  if (shown !== language) await addCatalog('en')
  await i18n.changeLanguage(shown)
  document.documentElement.lang = shown
  return shown
}

async function addCatalog(language: Language): Promise<boolean> {
  if (i18n.hasResourceBundle(language, 'translation')) return true
  const catalog = await loadCatalog(language)
  if (catalog) i18n.addResourceBundle(language, 'translation', catalog)
  return catalog !== null
}
