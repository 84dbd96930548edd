import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Language } from '../../../src/shared/model/languages.js'

// Which catalogs were loaded, and a Spanish one only for the test that needs one: none exists yet.
const loaded: Language[] = []
let spanish: object | null = null
vi.mock('../../../src/renderer/i18n/loadCatalog.js', async (original) => {
  const real = await original<typeof import('../../../src/renderer/i18n/loadCatalog.js')>()
  return {
    loadCatalog: async (language: Language) => {
      loaded.push(language)
      return language === 'es' ? spanish : real.loadCatalog(language)
    },
  }
})

describe('showing the window in a language', () => {
  afterEach(() => {
    vi.resetModules()
    loaded.length = 0
    spanish = null
  })

  it('loads only that language’s catalog', async () => {
    spanish = { library: { title: 'Biblioteca' } }
    const { i18n, showLanguage } = await import('../../../src/renderer/i18n/i18n.js')
    expect(await showLanguage('es')).toBe('es')
    expect(loaded).toEqual(['es'])
    expect(i18n.language).toBe('es')
    expect(i18n.t('library.title')).toBe('Biblioteca')
    // And back to English at once, its catalog loaded then.
    expect(await showLanguage('en')).toBe('en')
    expect(loaded).toEqual(['es', 'en'])
    expect(i18n.language).toBe('en')
    expect(i18n.t('library.title')).toBe('Library')
  })

  it('shows a language without a catalog yet in English, the fallback', async () => {
    const { i18n, showLanguage } = await import('../../../src/renderer/i18n/i18n.js')
    expect(await showLanguage('es')).toBe('en')
    expect(loaded).toEqual(['es', 'en'])
    expect(i18n.language).toBe('en')
    expect(i18n.t('library.count', { count: 1200 })).toBe('1,200 documents')
    expect(i18n.t('library.count', { count: 1 })).toBe('1 document')
  })
})
