import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Language } from '../../../src/shared/model/languages.js'

// Which catalogs were loaded.
const loaded: Language[] = []
vi.mock('../../../src/renderer/i18n/loadCatalog.js', async (original) => {
  const real = await original<typeof import('../../../src/renderer/i18n/loadCatalog.js')>()
  return {
    loadCatalog: async (language: Language) => {
      loaded.push(language)
      return real.loadCatalog(language)
    },
  }
})

describe('showing the window in a language', () => {
  afterEach(() => {
    vi.resetModules()
    loaded.length = 0
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
    // French's catalog is still loading when English, loaded already, is chosen again.
    await Promise.all([showLanguage('fr'), showLanguage('en')])
    expect(loaded).toEqual(['en', 'fr'])
    expect(i18n.language).toBe('en')
  })
})
