import { describe, expect, it } from 'vitest'
import { processTerm, queryTerms, searchTerms } from '../../../src/main/services/searchTerms.js'

describe('search terms', () => {
  it('keep words in alphabetic scripts whole, as minisearch does, accents and all', () => {
    const text = 'Bus rapid transit in Bogotá, São Paulo and Montréal'
    expect(searchTerms(text)).toEqual(['Bus', 'rapid', 'transit', 'in', 'Bogotá', 'São', 'Paulo', 'and', 'Montréal'])
    expect(queryTerms(text)).toEqual(searchTerms(text))
  })

  it('split a run of Chinese characters into each pair of neighbours and its last character, so that each character starts a term', () => {
    expect(searchTerms('北京的公交')).toEqual(['北京', '京的', '的公', '公交', '交'])
    expect(searchTerms('水')).toEqual(['水'])
  })

  it('split a query’s run into its pairs only, or its one character', () => {
    expect(queryTerms('北京的公交')).toEqual(['北京', '京的', '的公', '公交'])
    expect(queryTerms('公交')).toEqual(['公交'])
    expect(queryTerms('水')).toEqual(['水'])
  })

  it('split at CJK punctuation, and between scripts in mixed text', () => {
    expect(searchTerms('上海，BRT系统。Lagos')).toEqual(['上海', '海', 'BRT', '系统', '统', 'Lagos'])
    expect(queryTerms('BRT系统')).toEqual(['BRT', '系统'])
    expect(searchTerms('バス・レーン')).toEqual(['バス', 'ス', 'レー', 'ーン', 'ン'])
    expect(searchTerms('버스 전용')).toEqual(['버스', '스', '전용', '용'])
  })

  it('keep characters outside the basic plane whole', () => {
    expect(searchTerms('𠀀𠀁')).toEqual(['𠀀𠀁', '𠀁'])
  })

  it('fold the accents of Latin letters, lowercased, so both forms of a word are one term', () => {
    expect(['gestión', 'Bogotá', 'São', 'été', 'Ça', 'Mañana', 'naïve'].map(processTerm)).toEqual(['gestion', 'bogota', 'sao', 'ete', 'ca', 'manana', 'naive'])
    // Decomposed input (as some keyboards and files give it) folds the same.
    expect(processTerm('e\u0301te\u0301')).toBe('ete')
    expect(processTerm('Lagos')).toBe('lagos')
  })

  it('leave the marks of other scripts, and CJK, as they are', () => {
    expect(['北京', 'が', 'バス', '버스', 'й', 'ΆΘΉΝΑ'].map(processTerm)).toEqual(['北京', 'が', 'バス', '버스', 'й', 'άθήνα'])
  })
})
