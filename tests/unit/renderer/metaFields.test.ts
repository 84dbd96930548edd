import { describe, expect, it } from 'vitest'
import { formats } from '../../../src/renderer/i18n/formats.js'
import { problemText } from '../../../src/renderer/i18n/problemText.js'
import { FIELD_LABELS, fieldText, parseField, type EditableField } from '../../../src/renderer/meta/metaFields.js'
import type { DocumentMeta } from '../../../src/shared/model/meta.js'
import { englishT } from '../../helpers/englishT.js'

/** What the meta panel says of what was typed, in English. */
async function problemShown(field: EditableField, text: string): Promise<string | undefined> {
  const t = await englishT()
  const parsed = parseField(field, text)
  return 'problem' in parsed ? problemText(t, formats('en'), t(FIELD_LABELS[field]), parsed.problem) : undefined
}

describe('reading what a person typed into a meta field', () => {
  it('turns lists into comma-separated text and back', () => {
    const meta = { topics: ['bus rapid transit', 'fares'], city: 'Lagos' } as DocumentMeta
    expect(fieldText(meta, 'topics')).toBe('bus rapid transit, fares')
    expect(fieldText(meta, 'country')).toBe('')
    expect(parseField('topics', ' bus rapid transit,, fares , ')).toEqual({ patch: { topics: ['bus rapid transit', 'fares'] } })
  })

  it('takes one of the five languages for a document, and names the field of any other', async () => {
    expect(parseField('language', 'pt-BR')).toEqual({ patch: { language: 'pt-BR' } })
    expect(fieldText({ language: 'zh-CN' } as DocumentMeta, 'language')).toBe('zh-CN')
    expect(fieldText({} as DocumentMeta, 'language')).toBe('')
    expect(await problemShown('language', 'de')).toMatch(/^Language /)
  })

  it('clears an optional field left empty, and refuses to empty a required one', async () => {
    expect(parseField('city', '  ')).toEqual({ patch: { city: null } })
    expect(parseField('title', '  ')).toEqual({ problem: { code: 'empty', params: {} } })
    expect(await problemShown('title', '  ')).toBe('Title must not be empty.')
  })

  it('names the field, and the entry of a list, that is wrong', async () => {
    expect(parseField('authors', `Amara, ${'y'.repeat(101)}`)).toEqual({ problem: { entry: 2, code: 'tooLong', params: { limit: 100 } } })
    expect(await problemShown('title', 'x'.repeat(201))).toBe('Title must be at most 200 characters.')
    expect(await problemShown('authors', `Amara, ${'y'.repeat(101)}`)).toBe('Authors (entry 2) must be at most 100 characters.')
    expect(await problemShown('network', 'Not A Network')).toMatch(/^Network must be a network id/)
    expect(await problemShown('status', 'finished')).toBe('Status must be one of Draft, Submitted, In review, Published, or Archived.')
  })

  it('trims what it keeps', () => {
    expect(parseField('title', '  Lagos BRT  ')).toEqual({ patch: { title: 'Lagos BRT' } })
  })
})
