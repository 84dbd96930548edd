import { describe, expect, it } from 'vitest'
import { DOCUMENT_KINDS, SECTIONS } from '../../../src/shared/model/kinds.js'
import { LANGUAGES } from '../../../src/shared/model/languages.js'
import { sectionHint } from '../../../src/shared/model/sectionHints.js'

describe('template placeholders', () => {
  it.each(LANGUAGES)('%s: give every section of every template a hint of its own, in that language', (language) => {
    const generic = sectionHint('A section no template has', language)
    for (const kind of DOCUMENT_KINDS) {
      for (const [i, section] of SECTIONS[language][kind].entries()) {
        const hint = sectionHint(section, language)
        expect(hint, section).not.toBe(generic.replace('A section no template has', section))
        expect(hint, section).not.toMatch(/^Write about/)
        if (language !== 'en') expect(hint, section).not.toBe(sectionHint(SECTIONS.en[kind][i], 'en'))
      }
    }
  })

  it('fall back to a plain invitation outside the templates', () => {
    expect(sectionHint('Budget')).toBe('Write about budget…')
    expect(sectionHint(undefined)).toBe('Start writing…')
    expect(sectionHint(undefined, 'es')).toBe('Empiece a escribir…')
    expect(sectionHint('Presupuesto', 'es')).toBe('Escriba sobre «Presupuesto»…')
    expect(sectionHint('预算', 'zh-CN')).toBe('请撰写“预算”的内容……')
  })

  it('give a heading the hint of its own language, whatever language the screens speak', () => {
    expect(sectionHint('Resumen', 'en')).toBe('En tres o cuatro oraciones: qué hizo la ciudad y qué resultados obtuvo.')
    expect(sectionHint('Summary', 'zh-CN')).toBe('In three or four sentences: what the city did, and what came of it.')
    // "Contacts" and "Participants" are both English and French: the screens' language decides.
    expect(sectionHint('Contacts', 'fr')).toBe('Les personnes à consulter, et comment les joindre.')
    expect(sectionHint('Contacts', 'en')).toBe('Who to ask, and how to reach them.')
  })
})
