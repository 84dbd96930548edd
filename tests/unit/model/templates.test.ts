import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readMeta } from '../../../src/shared/model/document.js'
import { newDocumentContent, readBody, buildDocument } from '../../../src/shared/model/documentBody.js'
import { DOCUMENT_KINDS, KINDS, SECTIONS } from '../../../src/shared/model/kinds.js'
import { LANGUAGES } from '../../../src/shared/model/languages.js'
import { schema } from '../../../src/shared/model/schema.js'
import { templateBody } from '../../../src/shared/model/templates.js'

const headingsOf = (body: ReturnType<typeof templateBody>) =>
  (body.content ?? []).filter((node) => node.type === 'heading').map((node) => node.content?.[0]?.text)

/**
 * The glossary's table of template sections: each English heading with its translations, in the
 * order of LANGUAGES (the table's columns). A translated section is the same section as the English
 * one only if the glossary says so.
 */
function glossarySections(): Map<string, string[]> {
  const glossary = readFileSync(join(import.meta.dirname, '../../../docs/GLOSSARY.md'), 'utf8')
  const table = glossary
    .slice(glossary.indexOf('## Template sections'))
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| ---'))
  const cells = table.slice(1).map((line) =>
    line
      .split('|')
      .slice(1, -1)
      .map((cell) => cell.trim()),
  )
  return new Map(cells.map((row) => [row[0]!, row]))
}

describe('templates', () => {
  it.each(DOCUMENT_KINDS)('%s: the template fits the schema and holds every section as a heading', (kind) => {
    const body = templateBody(kind, 'en')
    expect(() => schema.nodeFromJSON(body).check()).not.toThrow()
    expect(headingsOf(body)).toEqual(KINDS[kind].sections)
  })

  it('gives the case study the ten sections of the brief', () => {
    expect(KINDS['case-study'].sections).toEqual([
      'Summary',
      'City context',
      'Challenge',
      'What was done',
      'Results and evidence',
      'Costs and funding',
      'Success and limiting factors',
      'Transferability',
      'Lessons learned',
      'Contacts',
    ])
    expect(KINDS['lessons-learned'].sections).toEqual(['Event or project', 'What worked', 'What did not', 'Recommendations', 'Next steps'])
  })

  it.each(LANGUAGES)('%s: every kind has the English sections, as many and in the same order, each translated, none twice', (language) => {
    for (const kind of DOCUMENT_KINDS) {
      const sections = SECTIONS[language][kind]
      const glossary = glossarySections()
      const column = LANGUAGES.indexOf(language)
      // Section by section, in order: the glossary's translation of the English heading at the same place.
      expect(sections, kind).toEqual(SECTIONS.en[kind].map((english) => glossary.get(english)?.[column]))
      expect(new Set(sections).size, kind).toBe(sections.length)
      for (const section of sections) expect(section.trim(), kind).toBe(section)
      if (language !== 'en') expect(sections.filter((section, i) => section === SECTIONS.en[kind][i]).length, kind).toBeLessThanOrEqual(2)
      const body = templateBody(kind, language)
      expect(() => schema.nodeFromJSON(body).check()).not.toThrow()
      expect(headingsOf(body)).toEqual(sections)
    }
  })

  it('writes a template in the language asked for', () => {
    expect(headingsOf(templateBody('workshop-notes', 'es'))).toEqual(['Sesión', 'Participantes', 'Debate', 'Decisiones', 'Acciones'])
    expect(headingsOf(templateBody('case-study', 'zh-CN')).slice(0, 3)).toEqual(['概要', '城市背景', '挑战'])
    expect(headingsOf(templateBody('lessons-learned', 'fr'))[2]).toBe('Ce qui n’a pas fonctionné')
    expect(headingsOf(templateBody('case-study', 'pt-BR'))[8]).toBe('Lições aprendidas')
  })

  it.each(DOCUMENT_KINDS)('%s: a document created from the template has valid meta and the template body', (kind) => {
    const now = new Date('2026-11-23T09:30:00Z')
    const doc = buildDocument('doc-1', newDocumentContent({ kind, title: 'Heat plan' }, undefined, now))
    expect(doc.guid).toBe('doc-1')
    expect(readMeta(doc)).toEqual({
      kind,
      title: 'Heat plan',
      topics: [],
      status: 'draft',
      authors: [],
      createdAt: '2026-11-23T09:30:00.000Z',
      updatedAt: '2026-11-23T09:30:00.000Z',
    })
    expect(readBody(doc)).toEqual(templateBody(kind, 'en'))
  })

  it('gives a document created in a language that language in its meta and its template', () => {
    const doc = buildDocument('doc-1', newDocumentContent({ kind: 'case-study', title: '北京快速公交', language: 'zh-CN' }))
    expect(readMeta(doc).language).toBe('zh-CN')
    expect(readBody(doc)).toEqual(templateBody('case-study', 'zh-CN'))
  })
})
