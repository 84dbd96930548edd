import { describe, expect, it } from 'vitest'
import { isCasebookError } from '../../../src/shared/errors.js'
import { metaWithFallbacks, parseMeta, validateMeta } from '../../../src/shared/model/meta.js'

const valid = {
  kind: 'case-study',
  title: 'Bus rapid transit in Lagos',
  network: 'brt-network',
  city: 'Lagos',
  country: 'Nigeria',
  topics: ['transit'],
  status: 'draft',
  authors: ['Ada'],
  createdAt: '2026-11-23T10:00:00.000Z',
  updatedAt: '2026-11-23T10:00:00.000Z',
}

describe('document meta', () => {
  it('accepts a complete, valid meta and trims text', () => {
    expect(parseMeta({ ...valid, title: '  Bus rapid transit in Lagos  ' })).toEqual(valid)
  })

  it.each([
    [{ title: '' }, 'title', '"title" must not be empty'],
    [{ title: 42 }, 'title', '"title" must be text'],
    [{ title: 'x'.repeat(201) }, 'title', '"title" must be at most 200 characters'],
    [{ kind: 'blog-post' }, 'kind', '"kind" must be one of case-study, lessons-learned, workshop-notes'],
    [{ network: 'Bus Network' }, 'network', '"network" must be a network id'],
    [{ city: ' ' }, 'city', '"city" must not be empty'],
    [{ topics: 'transit' }, 'topics', '"topics" must be a list'],
    [{ topics: ['transit', ''] }, 'topics', '"topics" (entry 2) must not be empty'],
    [{ status: 'done' }, 'status', '"status" must be one of draft, submitted, in-review, published, archived'],
    [{ createdAt: 'yesterday' }, 'createdAt', '"createdAt" must be a date and time'],
    [{ language: 'de' }, 'language', '"language" must be one of en, es, pt-BR, fr, zh-CN'],
    [{ language: 'zh' }, 'language', '"language" must be one of en, es, pt-BR, fr, zh-CN'],
  ])('names the field in the error for %j', (patch, field, message) => {
    const result = validateMeta({ ...valid, ...patch })
    expect(result.meta).toBeNull()
    expect(result.problems[0]?.field).toBe(field)
    expect(result.problems[0]?.message).toContain(message)
    try {
      parseMeta({ ...valid, ...patch })
      expect.unreachable()
    } catch (error) {
      expect(isCasebookError(error, 'INVALID_META')).toBe(true)
      expect((error as Error).message).toContain(message)
    }
  })

  it('reports a missing required field by name', () => {
    const { title: _title, ...withoutTitle } = valid
    expect(validateMeta(withoutTitle).problems.map((problem) => problem.field)).toEqual(['title'])
  })

  it('keeps a document’s language, one of the five', () => {
    for (const language of ['en', 'es', 'pt-BR', 'fr', 'zh-CN']) expect(parseMeta({ ...valid, language }).language).toBe(language)
  })

  it('reads a document without a language, or with one this version does not have, as having none', () => {
    expect(metaWithFallbacks(valid)).toEqual(valid)
    expect(metaWithFallbacks({ ...valid, language: 'es' })).toEqual({ ...valid, language: 'es' })
    const read = metaWithFallbacks({ ...valid, language: 'ja' })
    expect(read).toEqual(valid)
    expect('language' in read).toBe(false)
  })
})
