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

  it('match a BCP 47 tag, in any case, to the closest one spoken, or to none', () => {
    const closest = (tags: string[]) => tags.map(closestLanguage)
    expect(closest(['en', 'EN', 'en-GB', 'es', 'es-MX', 'ES-mx', 'fr-CA', 'fr'])).toEqual(['en', 'en', 'en', 'es', 'es', 'es', 'fr', 'fr'])
    expect(closest(['pt', 'pt-br', 'pt-BR', 'pt-PT'])).toEqual(['pt-BR', 'pt-BR', 'pt-BR', 'pt-BR'])
    expect(closest(['zh', 'zh-cn', 'zh-CN', 'zh-Hans', 'zh-SG', 'ZH-HANS-CN'])).toEqual(['zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN', 'zh-CN'])
    expect(closest(['zh-TW', 'zh-Hant', 'zh-HK', 'ar', 'de-DE', '', 'not a tag!'])).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ])
  })
})
