import { describe, expect, it } from 'vitest'
import { matchLanguage } from '../../../src/renderer/i18n/matchLanguage.js'

describe('the language the window follows from the system', () => {
  it('is the first of the user’s languages that Casebook speaks, matched by language when the region is another', () => {
    expect(matchLanguage(['es-CO', 'en-US'])).toBe('es')
    expect(matchLanguage(['fr-SN'])).toBe('fr')
    expect(matchLanguage(['pt-BR'])).toBe('pt-BR')
    expect(matchLanguage(['pt-PT', 'en'])).toBe('pt-BR')
    expect(matchLanguage(['pt'])).toBe('pt-BR')
    expect(matchLanguage(['de-DE', 'fr-FR', 'en'])).toBe('fr')
    expect(matchLanguage(['EN-gb'])).toBe('en')
  })

  it('is Simplified Chinese for Chinese in Simplified script, and passes over Traditional', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-SG', 'zh-Hans', 'zh-Hans-HK']) expect(matchLanguage([tag])).toBe('zh-CN')
    expect(matchLanguage(['zh-TW', 'zh-HK', 'zh-Hant', 'en'])).toBe('en')
    expect(matchLanguage(['zh-HK', 'es'])).toBe('es')
  })

  it('is English when none is spoken, or the list is empty or malformed', () => {
    expect(matchLanguage(['de', 'ja'])).toBe('en')
    expect(matchLanguage([])).toBe('en')
    expect(matchLanguage(['not a tag!', ''])).toBe('en')
  })
})
