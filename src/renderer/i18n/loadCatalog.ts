import type { Language } from '../../shared/model/languages.js'

/** A language's catalog: nested objects of messages, keyed by the place they are shown. */
export type Catalog = { [key: string]: string | Catalog }

/**
 * The catalogs there are, each a chunk of its own in the build (scripts/build.mjs), so that a window
 * loads only the one it speaks. A language without one yet is shown in English.
 */
const CATALOGS: Partial<Record<Language, () => Promise<{ default: Catalog }>>> = {
  en: () => import('../locales/en.json', { with: { type: 'json' } }),
}

/** The language's catalog, or null if Casebook has none for it yet. */
export async function loadCatalog(language: Language): Promise<Catalog | null> {
  const load = CATALOGS[language]
  return load ? (await load()).default : null
}
