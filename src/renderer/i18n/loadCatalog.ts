import type { Language } from '../../shared/model/languages.js'

/** A language's catalog: nested objects of messages, keyed by the place they are shown. */
export type Catalog = { [key: string]: string | Catalog }

/** Each language's catalog, a chunk of its own in the build (scripts/build.mjs), so that a window loads only the one it speaks. */
const CATALOGS: Record<Language, () => Promise<{ default: Catalog }>> = {
  en: () => import('../locales/en.json', { with: { type: 'json' } }),
  es: () => import('../locales/es.json', { with: { type: 'json' } }),
  'pt-BR': () => import('../locales/pt-BR.json', { with: { type: 'json' } }),
  fr: () => import('../locales/fr.json', { with: { type: 'json' } }),
  'zh-CN': () => import('../locales/zh-CN.json', { with: { type: 'json' } }),
}

export async function loadCatalog(language: Language): Promise<Catalog> {
  return (await CATALOGS[language]()).default
}
