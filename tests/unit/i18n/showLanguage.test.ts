import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Catalog } from '../../../src/renderer/i18n/loadCatalog.js'
import type { Language } from '../../../src/shared/model/languages.js'

// Which catalogs were loaded, and how a test spoils one: a catalog that fails to load, or lacks a key.
const loaded: Language[] = []
const spoiled = new Map<Language, (catalog: Catalog) => Catalog>()
vi.mock('../../../src/renderer/i18n/loadCatalog.js', async (original) => {
  const real = await original<typeof import('../../../src/renderer/i18n/loadCatalog.js')>()
  return {
    ...real,
    loadCatalog: async (language: Language) => {
      loaded.push(language)
      const catalog = await real.loadCatalog(language)
      return spoiled.get(language)?.(catalog) ?? catalog
    },
  }
})

describe('showing the window in a language', () => {
  afterEach(() => {
    vi.resetModules()
    loaded.length = 0
    spoiled.clear()
  })

  it('loads only that language’s catalog', async () => {
    const { i18n, showLanguage } = await import('../../../src/renderer/i18n/i18n.js')
    await showLanguage('es')
    expect(loaded).toEqual(['es'])
    expect(i18n.language).toBe('es')
    expect(i18n.t('app.nav.library')).toBe('Biblioteca')
    expect(i18n.t('library.count', { count: 1200 })).toBe('1200 documentos')
    // And to Chinese at once, its catalog loaded then.
    await showLanguage('zh-CN')
    expect(loaded).toEqual(['es', 'zh-CN'])
    expect(i18n.t('app.nav.library')).toBe('文档库')
    await showLanguage('en')
    expect(i18n.t('library.count', { count: 1 })).toBe('1 document')
    expect(i18n.t('library.count', { count: 1200 })).toBe('1,200 documents')
  })

  it('shows the language chosen last, when one chosen before it is still loading', async () => {
    const { i18n, showLanguage } = await import('../../../src/renderer/i18n/i18n.js')
    await showLanguage('en')
    // French's catalog is still loading when English, there already, is chosen again.
    await Promise.all([showLanguage('fr'), showLanguage('en')])
    expect(loaded).toEqual(['fr'])
    expect(i18n.language).toBe('en')
  })

  it('is in English from the start, without loading a catalog', async () => {
    const { i18n } = await import('../../../src/renderer/i18n/i18n.js')
    expect(i18n.language).toBe('en')
    expect(i18n.t('app.nav.library')).toBe('Library')
    expect(loaded).toEqual([])
  })

  it('stays in English when the system’s catalog cannot be loaded, and says why', async () => {
    spoiled.set('es', () => {
      throw new TypeError('Failed to fetch dynamically imported module: chunks/es.js')
    })
    const { i18n, showLanguage } = await import('../../../src/renderer/i18n/i18n.js')
    await expect(showLanguage('es')).rejects.toThrow('Failed to fetch dynamically imported module')
    expect(i18n.language).toBe('en')
    expect(i18n.t('app.nav.library')).toBe('Library')
    expect(i18n.t('library.count', { count: 1200 })).toBe('1,200 documents')
  })

  it('says in English what a catalog lacks, rather than its key', async () => {
    spoiled.set('fr', (catalog) => {
      const lacking = structuredClone(catalog)
      delete ((lacking['app'] as Catalog)['nav'] as Catalog)['library']
      return lacking
    })
    const { i18n, showLanguage } = await import('../../../src/renderer/i18n/i18n.js')
    await showLanguage('fr')
    expect(i18n.language).toBe('fr')
    expect(i18n.t('app.nav.library')).toBe('Library')
    expect(i18n.t('app.nav.networks')).toBe('Réseaux')
  })
})
