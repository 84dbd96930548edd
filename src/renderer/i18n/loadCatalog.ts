import type { Language } from '../../shared/model/languages.js'
import en from '../locales/en.json' with { type: 'json' }

/** A language's catalog: nested objects of messages, keyed by the place they are shown. */
export type Catalog = { [key: string]: string | Catalog }

/**
 * English, in app.js: the window starts in it without waiting for a catalog to load after the page
 * has run (a round trip more on the launch path), shows it if another language's catalog cannot be
 * loaded, and says in it what another catalog lacks.
 */
export const ENGLISH: Catalog = en

/** Each other language's catalog, a chunk of its own in the build (scripts/build.mjs), so that a window loads only the one it speaks. */
const CATALOGS: Record<Exclude<Language, 'en'>, () => Promise<{ default: Catalog }>> = {
  es: () => import('../locales/es.json', { with: { type: 'json' } }),
  'pt-BR': () => import('../locales/pt-BR.json', { with: { type: 'json' } }),
  fr: () => import('../locales/fr.json', { with: { type: 'json' } }),
  'zh-CN': () => import('../locales/zh-CN.json', { with: { type: 'json' } }),
}

export async function loadCatalog(language: Language): Promise<Catalog> {
  return language === 'en' ? ENGLISH : (await CATALOGS[language]()).default
}
