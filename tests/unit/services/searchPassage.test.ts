import { describe, expect, it } from 'vitest'
import { passageOf } from '../../../src/main/services/searchPassage.js'

const marked = (passage: ReturnType<typeof passageOf>) => passage?.marks.map(([start, end]) => passage.text.slice(start, end))

describe('the passage of a search hit', () => {
  it('marks every word that the matched terms stand for, whatever its case and accents', () => {
    const passage = passageOf('La gestión del sistema en São Paulo: GESTION diaria.', ['gestion', 'sao'])
    expect(passage!.text).toBe('La gestión del sistema en São Paulo: GESTION diaria.')
    expect(marked(passage)).toEqual(['gestión', 'São', 'GESTION'])
  })

  it('cuts a long body at word boundaries around the place with the most matches, saying so with "…"', () => {
    const filler = (word: string, count: number) => Array.from({ length: count }, (_, i) => `${word}${i}`).join(' ')
    const text = `${filler('alpha', 40)} bridge once ${filler('beta', 10)} bridge and bridge again ${filler('gamma', 40)}`
    const passage = passageOf(text, ['bridge'])!
    expect(passage.text.startsWith('…')).toBe(true)
    expect(passage.text.endsWith('…')).toBe(true)
    expect(passage.text.length).toBeLessThanOrEqual(162)
    // Whole words only: a word of the text at each end, not a piece of one.
    const words = new Set(text.split(' '))
    const inner = passage.text.slice(1, -1).split(' ')
    expect(inner.every((word) => words.has(word))).toBe(true)
    expect(marked(passage)).toEqual(['bridge', 'bridge', 'bridge'])
  })

  it('marks Chinese words where their characters stand, and is null when the body holds no term', () => {
    expect(marked(passageOf('北京的快速公交系统', ['公交', '交系']))).toEqual(['公交系'])
    expect(passageOf('Cycle lanes along the river', ['lagos'])).toBeNull()
  })
})
