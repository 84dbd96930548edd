import { describe, expect, it } from 'vitest'
import { searchTerms } from '../../../src/main/services/searchTerms.js'

describe('search terms', () => {
  it('keep words in alphabetic scripts whole, as minisearch does, accents and all', () => {
    expect(searchTerms('Bus rapid transit in Bogotá, São Paulo and Montréal.')).toEqual([
      'Bus',
      'rapid',
      'transit',
      'in',
      'Bogotá',
      'São',
      'Paulo',
      'and',
      'Montréal',
    ])
  })

  it('split a run of Chinese characters into each character and each pair of neighbours', () => {
    expect(searchTerms('北京的公交')).toEqual(['北', '京', '的', '公', '交', '北京', '京的', '的公', '公交'])
    expect(searchTerms('公交')).toEqual(['公', '交', '公交'])
    expect(searchTerms('水')).toEqual(['水'])
  })

  it('split at CJK punctuation, and between scripts in mixed text', () => {
    expect(searchTerms('上海，BRT系统。Lagos')).toEqual(['上', '海', '上海', 'BRT', '系', '统', '系统', 'Lagos'])
    expect(searchTerms('バス・レーン')).toEqual(['バ', 'ス', 'バス', 'レ', 'ー', 'ン', 'レー', 'ーン'])
    expect(searchTerms('버스 전용')).toEqual(['버', '스', '버스', '전', '용', '전용'])
  })

  it('keep characters outside the basic plane whole', () => {
    expect(searchTerms('𠀀𠀁')).toEqual(['𠀀', '𠀁', '𠀀𠀁'])
  })
})
