import { describe, expect, it } from 'vitest'
import { closestLanguage, isLanguage, LANGUAGE_NAMES, LANGUAGES } from '../../../src/shared/model/languages.js'

describe('languages', () => {
  it('are the five of the issue, each named in itself', () => {
    expect(LANGUAGES).toEqual(['en', 'es', 'pt-BR', 'fr', 'zh-CN'])
    expect(Object.keys(LANGUAGE_NAMES)).toEqual([...LANGUAGES])
    expect(LANGUAGE_NAMES['zh-CN']).toBe('简体中文')
    expect(isLanguage('pt-BR')).toBe(true)
    expect(isLanguage('pt')).toBe(false)
    expect(isLanguage(undefined)).toBe(false)
  })

  it.each([
    [['es-CO', 'en'], 'es'],
    [['pt-PT'], 'pt-BR'],
    [['pt-br'], 'pt-BR'],
    [['zh-TW', 'en-US'], 'zh-CN'],
    [['zh_CN'], 'zh-CN'],
    [['fr-SN'], 'fr'],
    [['de-DE', 'fr-FR', 'en'], 'fr'],
    [['de-DE'], 'en'],
    [[], 'en'],
  ])('the closest to %j is %s', (tags, language) => {
    expect(closestLanguage(tags)).toBe(language)
  })
})
