import { describe, expect, it } from 'vitest'
import { isLanguage, LANGUAGE_NAMES, LANGUAGES } from '../../../src/shared/model/languages.js'

describe('languages', () => {
  it('are the five of the issue, each named in itself', () => {
    expect(LANGUAGES).toEqual(['en', 'es', 'pt-BR', 'fr', 'zh-CN'])
    expect(Object.keys(LANGUAGE_NAMES)).toEqual([...LANGUAGES])
    expect(LANGUAGE_NAMES['zh-CN']).toBe('简体中文')
    expect(isLanguage('pt-BR')).toBe(true)
    expect(isLanguage('pt')).toBe(false)
    expect(isLanguage(undefined)).toBe(false)
  })
})
