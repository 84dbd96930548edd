import { describe, expect, it } from 'vitest'
import { newMeta } from '../../../src/shared/model/document.js'
import type { DocumentMeta } from '../../../src/shared/model/meta.js'
import { ACTIVITY_SHOWN, networkStats, type StatsDocument, type StatsInput } from '../../../src/shared/model/networkStats.js'
import type { MetaInput } from '../../../src/shared/model/document.js'
import type { AdaptationReference } from '../../../src/shared/protocol/adaptationReferences.js'

const LAGOS = 'aaaaaaaaaaaaaaa1'
const QUITO = 'aaaaaaaaaaaaaaa2'
const NOTES = 'aaaaaaaaaaaaaaa3'
/** Documents of other networks, or private, on this device. */
const LIMA = 'bbbbbbbbbbbbbbb1'
const PRIVATE = 'bbbbbbbbbbbbbbb2'
const PARIS = 'bbbbbbbbbbbbbbb3'
/** An adaptation in a network this device is not in: only its reference is here. */
const JAKARTA = 'ccccccccccccccc1'

const at = (day: string) => `2026-${day}T09:00:00.000Z`
const meta = (input: MetaInput): DocumentMeta => newMeta(input, new Date(at('01-01')))

/**
 * Network brt's three documents (one naming no city, one edited after it was made, two submitted),
 * the decisions of its catalog, and what else this device holds: a document of network heat that
 * adapts Lagos BRT, a private one that does too, and one of heat that adapts nothing.
 */
function fixture(lastLooked: string | null = at('03-05')): StatsInput {
  const documents: StatsDocument[] = [
    {
      id: LAGOS,
      status: 'published',
      meta: meta({
        kind: 'case-study',
        title: 'Lagos BRT',
        network: 'brt',
        city: 'Lagos',
        authors: ['Ada Obi'],
        topics: ['Bus rapid transit', 'Transit'],
        submitted: { by: 'Ada Obi', at: at('02-01') },
        createdAt: at('01-10'),
        updatedAt: at('01-10'),
      }),
    },
    {
      id: QUITO,
      status: 'draft',
      meta: meta({
        kind: 'case-study',
        title: 'Quito cable car',
        network: 'brt',
        city: 'Quito',
        authors: ['Carmen', 'Bola'],
        editors: ['Bola', 'Femi'],
        topics: ['Transit'],
        createdAt: at('01-20'),
        updatedAt: at('03-01'),
      }),
    },
    {
      id: NOTES,
      status: 'submitted',
      meta: meta({
        kind: 'workshop-notes',
        title: 'Network call',
        network: 'brt',
        authors: ['Dee'],
        submitted: { by: 'Eve', at: at('04-06') },
        createdAt: at('04-05'),
        updatedAt: at('04-05'),
      }),
    },
  ]
  const adaptedFrom = { id: LAGOS, network: 'brt', title: 'Lagos BRT', city: 'Lagos' }
  const adaptations = [
    { id: LIMA, meta: meta({ kind: 'lessons-learned', title: 'Lima BRT', network: 'heat', city: 'Lima', adaptedFrom, createdAt: at('03-10') }) },
    { id: PRIVATE, meta: meta({ kind: 'case-study', title: 'Mine', city: 'Accra', adaptedFrom, createdAt: at('03-11') }) },
    { id: PARIS, meta: meta({ kind: 'case-study', title: 'Paris heat', network: 'heat', city: 'Paris', createdAt: at('03-12') }) },
  ]
  const references: AdaptationReference[] = [
    { adaptation: JAKARTA, source: LAGOS, network: 'asia', city: 'Jakarta', at: at('06-02') },
    // Forged: Paris holds no such claim, and Lima adapts Lagos, not Quito.
    { adaptation: PARIS, source: QUITO, network: 'heat', city: 'Paris', at: at('06-03') },
    { adaptation: LIMA, source: QUITO, network: 'heat', city: 'Lima', at: at('06-04') },
  ]
  return {
    network: 'brt',
    documents,
    decisions: [
      { document: LAGOS, from: 'submitted', status: 'published', by: 'Fatima', at: at('02-15') },
      // Published again the same month: one publication in February's count.
      { document: LAGOS, from: 'published', status: 'published', by: 'Fatima', at: at('02-20') },
      // A document this device does not hold (trashed, or not fetched yet).
      { document: 'ddddddddddddddd1', from: 'submitted', status: 'published', by: 'Fatima', at: at('02-21') },
    ],
    references,
    adaptations,
    lastLooked,
  }
}

describe('networkStats', () => {
  it('counts documents by status and kind (every one, zeros too), and by city and topic (the most first), with no city as empty', () => {
    const stats = networkStats(fixture())
    expect(stats.network).toBe('brt')
    expect(stats.documents).toBe(3)
    expect(stats.byStatus).toEqual([
      { key: 'draft', count: 1 },
      { key: 'submitted', count: 1 },
      { key: 'in-review', count: 0 },
      { key: 'published', count: 1 },
      { key: 'archived', count: 0 },
    ])
    expect(stats.byKind).toEqual([
      { key: 'case-study', count: 2 },
      { key: 'lessons-learned', count: 0 },
      { key: 'workshop-notes', count: 1 },
    ])
    expect(stats.byCity).toEqual([
      { key: '', count: 1 },
      { key: 'Lagos', count: 1 },
      { key: 'Quito', count: 1 },
    ])
    expect(stats.byTopic).toEqual([
      { key: 'Transit', count: 2 },
      { key: 'Bus rapid transit', count: 1 },
    ])
  })

  it('lists contributors per city from authors, editors and submitters, each once, the most first', () => {
    expect(networkStats(fixture()).contributors).toEqual([
      { city: 'Quito', names: ['Bola', 'Carmen', 'Femi'] },
      { city: '', names: ['Dee', 'Eve'] },
      { city: 'Lagos', names: ['Ada Obi'] },
    ])
  })

  it('counts adaptations across networks, dropping a private one, a duplicate and references a held document does not back', () => {
    const stats = networkStats(fixture())
    expect(stats.adaptations).toBe(2)
    expect(stats.mostAdapted).toEqual([{ id: LAGOS, title: 'Lagos BRT', city: 'Lagos', adaptations: 2, cities: ['Jakarta', 'Lima'] }])
  })

  it('counts each month from the first to the last, empty months as zeros, and a document published twice in a month once', () => {
    expect(networkStats(fixture()).months).toEqual([
      { month: '2026-01', created: 2, submitted: 0, published: 0, adapted: 0 },
      { month: '2026-02', created: 0, submitted: 1, published: 1, adapted: 0 },
      { month: '2026-03', created: 0, submitted: 0, published: 0, adapted: 1 },
      { month: '2026-04', created: 1, submitted: 1, published: 0, adapted: 0 },
      { month: '2026-05', created: 0, submitted: 0, published: 0, adapted: 0 },
      { month: '2026-06', created: 0, submitted: 0, published: 0, adapted: 1 },
    ])
  })

  it('fills months across a year end', () => {
    const input = fixture()
    const [first] = input.documents
    const documents = [
      { ...first!, meta: { ...first!.meta, createdAt: '2025-11-30T23:00:00.000Z', submitted: { by: 'Ada Obi', at: '2026-01-01T00:00:00.000Z' } } },
    ]
    const months = networkStats({ ...input, documents, decisions: [], references: [], adaptations: [] }).months
    expect(months.map(({ month, created, submitted }) => [month, created, submitted])).toEqual([
      ['2025-11', 1, 0],
      ['2025-12', 0, 0],
      ['2026-01', 0, 1],
    ])
  })

  it('counts a time written with an offset in its month in UTC', () => {
    const input = fixture()
    const [first] = input.documents
    // 22:30 on 31 January in Bogotá is February in UTC; a relay or another app may write times so.
    const documents = [{ ...first!, meta: { ...first!.meta, createdAt: '2026-01-31T22:30:00-05:00', submitted: undefined } }]
    const months = networkStats({ ...input, documents, decisions: [], references: [], adaptations: [] }).months
    expect(months.map(({ month, created }) => [month, created])).toEqual([['2026-02', 1]])
  })

  it('tells the activity latest first, who did each thing, and what is new since the user last looked', () => {
    const stats = networkStats(fixture())
    const told = stats.activity.map(({ kind, document, at, by, status, isNew }) => [kind, document, at.slice(5, 10), by, status, isNew])
    expect(told).toEqual([
      ['adapted', LAGOS, '06-02', 'Jakarta', undefined, true],
      ['submitted', NOTES, '04-06', 'Eve', undefined, true],
      ['created', NOTES, '04-05', 'Dee', undefined, true],
      ['adapted', LAGOS, '03-10', 'Lima', undefined, true],
      ['edited', QUITO, '03-01', '', undefined, false],
      ['decided', LAGOS, '02-20', 'Fatima', 'published', false],
      ['decided', LAGOS, '02-15', 'Fatima', 'published', false],
      ['submitted', LAGOS, '02-01', 'Ada Obi', undefined, false],
      ['created', QUITO, '01-20', 'Carmen, Bola', undefined, false],
      ['created', LAGOS, '01-10', 'Ada Obi', undefined, false],
    ])
    expect(stats.activity.find(({ kind }) => kind === 'adapted')?.title).toBe('Lagos BRT')
    expect(stats.newActivity).toBe(4)
  })

  it('marks nothing new the first time the user looks', () => {
    const stats = networkStats(fixture(null))
    expect(stats.activity.some(({ isNew }) => isNew)).toBe(false)
    expect(stats.newActivity).toBe(0)
  })

  it(`shows the latest ${ACTIVITY_SHOWN} things done, and counts all that is new`, () => {
    const documents = Array.from({ length: 40 }, (_, index): StatsDocument => {
      const made = new Date(Date.UTC(2026, 0, 1, index)).toISOString()
      return {
        id: `e${String(index).padStart(15, '0')}`,
        status: 'draft',
        meta: meta({ kind: 'case-study', title: `Case ${index}`, network: 'brt', createdAt: made, updatedAt: made }),
      }
    })
    const stats = networkStats({ network: 'brt', documents, decisions: [], references: [], adaptations: [], lastLooked: '2026-01-01T00:30:00.000Z' })
    expect(stats.activity.map(({ title }) => title)).toEqual(Array.from({ length: ACTIVITY_SHOWN }, (_, index) => `Case ${39 - index}`))
    expect(stats.newActivity).toBe(39)
  })

  it('gives an empty network zeros and no months', () => {
    const stats = networkStats({ network: 'brt', documents: [], decisions: [], references: [], adaptations: [], lastLooked: null })
    expect(stats).toMatchObject({
      documents: 0,
      byCity: [],
      byTopic: [],
      contributors: [],
      months: [],
      mostAdapted: [],
      adaptations: 0,
      activity: [],
      newActivity: 0,
    })
    expect(stats.byStatus.every(({ count }) => count === 0)).toBe(true)
  })
})
