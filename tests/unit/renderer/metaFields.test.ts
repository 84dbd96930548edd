import { describe, expect, it } from 'vitest'
import { fieldText, parseField } from '../../../src/renderer/meta/metaFields.js'
import type { DocumentMeta } from '../../../src/shared/model/meta.js'

describe('reading what a person typed into a meta field', () => {
  it('turns lists into comma-separated text and back', () => {
    const meta = { topics: ['bus rapid transit', 'fares'], city: 'Lagos' } as DocumentMeta
    expect(fieldText(meta, 'topics')).toBe('bus rapid transit, fares')
    expect(fieldText(meta, 'country')).toBe('')
    expect(parseField('topics', ' bus rapid transit,, fares , ')).toEqual({ patch: { topics: ['bus rapid transit', 'fares'] } })
  })

  it('clears an optional field left empty, and refuses to empty a required one', () => {
    expect(parseField('city', '  ')).toEqual({ patch: { city: null } })
    expect(parseField('title', '  ')).toEqual({ problem: 'Title must not be empty.' })
  })

  it('names the field, and the entry of a list, that is wrong', () => {
    expect(parseField('title', 'x'.repeat(201))).toEqual({ problem: 'Title must be at most 200 characters.' })
    expect(parseField('authors', `Amara, ${'y'.repeat(101)}`)).toEqual({ problem: 'Authors (entry 2) must be at most 100 characters.' })
    expect(parseField('network', 'Not A Network')).toEqual({ problem: expect.stringMatching(/^Network must be a network id/) })
    expect(parseField('status', 'finished')).toEqual({ problem: 'Status must be one of draft, in-review, published.' })
  })

  it('trims what it keeps', () => {
    expect(parseField('title', '  Lagos BRT  ')).toEqual({ patch: { title: 'Lagos BRT' } })
  })
})
