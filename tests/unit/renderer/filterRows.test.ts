import { describe, expect, it } from 'vitest'
import { LOCAL_ONLY, featuredFirst, filterChoices, filterRows, inCollection, reviewQueue } from '../../../src/renderer/library/filterRows.js'
import { choiceName } from '../../../src/renderer/library/libraryFilters.js'
import { catalogT } from '../../helpers/catalogT.js'
import type { DocumentRow } from '../../../src/shared/ipc/contract.js'
import type { DocumentMeta } from '../../../src/shared/model/meta.js'

function row(id: string, meta: Partial<DocumentMeta>): DocumentRow {
  return {
    id,
    sync: 'local-only',
    status: meta.status ?? 'draft',
    changed: false,
    openComments: 0,
    meta: {
      kind: 'case-study',
      title: id,
      topics: [],
      status: 'draft',
      authors: [],
      createdAt: '2026-01-01T00:00:00Z',
      updatedAt: '2026-01-01T00:00:00Z',
      ...meta,
    },
  }
}

const rows = [
  row('lagos', { network: 'brt', city: 'Lagos', topics: ['bus rapid transit'], updatedAt: '2026-03-01T00:00:00Z' }),
  row('bogota', { network: 'brt', city: 'Bogotá', topics: ['bus rapid transit', 'cycling'], status: 'published', updatedAt: '2026-05-01T00:00:00Z' }),
  row('notes', { kind: 'workshop-notes', updatedAt: '2026-04-01T00:00:00Z' }),
]

const inLanguages = [
  row('quito', { language: 'es', updatedAt: '2026-03-01T00:00:00Z' }),
  row('beijing', { language: 'zh-CN', updatedAt: '2026-02-01T00:00:00Z' }),
  row('lima', { language: 'es', updatedAt: '2026-04-01T00:00:00Z' }),
  row('older', { updatedAt: '2026-05-01T00:00:00Z' }),
]

describe('the library’s filters', () => {
  it('lists the last updated first', () => {
    expect(filterRows(rows, {}).map((listed) => listed.id)).toEqual(['bogota', 'notes', 'lagos'])
  })

  it('lets through only rows that pass every filter given', () => {
    expect(filterRows(rows, { network: 'brt' }).map((listed) => listed.id)).toEqual(['bogota', 'lagos'])
    expect(filterRows(rows, { network: LOCAL_ONLY }).map((listed) => listed.id)).toEqual(['notes'])
    expect(filterRows(rows, { topic: 'cycling' }).map((listed) => listed.id)).toEqual(['bogota'])
    expect(filterRows(rows, { network: 'brt', status: 'draft' }).map((listed) => listed.id)).toEqual(['lagos'])
    expect(filterRows(rows, { kind: 'workshop-notes', city: 'Lagos' })).toEqual([])
  })

  it('offers the values the rows hold, each once, sorted', () => {
    expect(filterChoices(rows)).toEqual({
      network: [LOCAL_ONLY, 'brt'],
      city: ['Bogotá', 'Lagos'],
      kind: ['case-study', 'workshop-notes'],
      status: ['draft', 'published'],
      topic: ['bus rapid transit', 'cycling'],
      language: [],
    })
  })

  it('filter by language: only documents written in it, so none of those that name no language', () => {
    expect(filterRows(inLanguages, { language: 'es' }).map((listed) => listed.id)).toEqual(['lima', 'quito'])
    expect(filterRows(inLanguages, { language: 'zh-CN' }).map((listed) => listed.id)).toEqual(['beijing'])
    expect(filterRows(inLanguages, { language: 'fr' })).toEqual([])
    expect(filterRows(inLanguages, { language: 'es', kind: 'workshop-notes' })).toEqual([])
    expect(filterRows(inLanguages, {}).map((listed) => listed.id)).toEqual(['older', 'lima', 'quito', 'beijing'])
    expect(filterChoices(inLanguages).language).toEqual(['es', 'zh-CN'])
  })
})

describe('the library’s filter values, as the selects show them', () => {
  const networkLabel = (id: string) => (id === 'brt' ? 'Bus Rapid Transit' : id)

  it('name the documents on this device only in the window’s language', async () => {
    expect(choiceName(await catalogT('es'), 'network', LOCAL_ONLY, networkLabel)).toBe('(este dispositivo)')
    expect(choiceName(await catalogT('fr'), 'network', LOCAL_ONLY, networkLabel)).toBe('(cet appareil)')
    expect(choiceName(await catalogT('es'), 'kind', 'case-study', networkLabel)).toBe('Estudio de caso')
  })

  it('name a network by its display name, and by its id when it has none; nothing else by a network’s name', async () => {
    const t = await catalogT('en')
    expect(choiceName(t, 'network', 'brt', networkLabel)).toBe('Bus Rapid Transit')
    expect(choiceName(t, 'network', 'metro', networkLabel)).toBe('metro')
    expect(choiceName(t, 'city', 'brt', networkLabel)).toBe('brt')
  })

  it('queues for review the documents submitted in the networks one facilitates, the longest waiting first', () => {
    const submitted = (id: string, network: string, at: string): DocumentRow => ({
      ...row(id, { network }),
      status: 'submitted',
      review: { status: 'submitted', by: 'Ana', at },
    })
    const queue = reviewQueue(
      [
        submitted('late', 'brt', '2026-11-20T10:00:00Z'),
        submitted('early', 'brt', '2026-11-02T10:00:00Z'),
        submitted('elsewhere', 'buildings', '2026-11-01T10:00:00Z'),
        { ...row('published', { network: 'brt' }), status: 'published' },
      ],
      new Set(['brt']),
    )
    expect(queue.map(({ id }) => id)).toEqual(['early', 'late'])
  })

  it('lists a collection in its own order, and otherwise the featured first, in the order they are featured', () => {
    expect(inCollection(rows, ['notes', 'absent', 'lagos']).map(({ id }) => id)).toEqual(['notes', 'lagos'])
    expect(featuredFirst(filterRows(rows, {}), ['notes', 'lagos']).map(({ id }) => id)).toEqual(['notes', 'lagos', 'bogota'])
    expect(featuredFirst(rows, []).map(({ id }) => id)).toEqual(rows.map(({ id }) => id))
  })
})
