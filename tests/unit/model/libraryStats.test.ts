import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { newMeta } from '../../../src/shared/model/document.js'
import { libraryStats } from '../../../src/shared/model/libraryStats.js'
import type { StatsDocument } from '../../../src/shared/model/networkStats.js'
import { recordDecision } from '../../../src/shared/model/workflow.js'
import { addAdaptationReference } from '../../../src/shared/protocol/adaptationReferences.js'

const LAGOS = 'aaaaaaaaaaaaaaa1'
const LIMA = 'bbbbbbbbbbbbbbb1'
const PARIS = 'bbbbbbbbbbbbbbb2'
const JAKARTA = 'ccccccccccccccc1'
const at = (day: string) => `2026-${day}T09:00:00.000Z`

describe('libraryStats', () => {
  it("takes the network's documents from the whole library, its decisions from the catalog and references from its room, and trusts no reference a held document denies", () => {
    const made = new Date(at('01-10'))
    const documents: StatsDocument[] = [
      { id: LAGOS, status: 'published', meta: newMeta({ kind: 'case-study', title: 'Lagos BRT', network: 'brt', city: 'Lagos' }, made) },
      {
        id: LIMA,
        status: 'draft',
        meta: newMeta(
          { kind: 'case-study', title: 'Lima BRT', network: 'heat', city: 'Lima', adaptedFrom: { id: LAGOS, network: 'brt', title: 'Lagos BRT' } },
          made,
        ),
      },
      // Held here, of another network, adapting nothing: a reference saying it adapts Lagos BRT is forged.
      { id: PARIS, status: 'draft', meta: newMeta({ kind: 'case-study', title: 'Paris heat', network: 'heat', city: 'Paris' }, made) },
    ]
    const catalog = new Y.Doc()
    recordDecision(catalog, { document: LAGOS, from: 'submitted', status: 'published', by: 'Fatima', at: at('02-15') })
    const room = new Y.Doc()
    addAdaptationReference(room, { adaptation: JAKARTA, source: LAGOS, network: 'asia', city: 'Jakarta', at: at('03-01') })
    addAdaptationReference(room, { adaptation: PARIS, source: LAGOS, network: 'heat', city: 'Paris', at: at('03-02') })

    const stats = libraryStats('brt', documents, catalog, room, null)
    expect(stats.documents).toBe(1)
    expect(stats.months.map(({ month, published }) => [month, published])).toEqual([
      ['2026-01', 0],
      ['2026-02', 1],
      ['2026-03', 0],
    ])
    expect(stats.mostAdapted).toEqual([{ id: LAGOS, title: 'Lagos BRT', city: 'Lagos', adaptations: 2, cities: ['Jakarta', 'Lima'] }])
    // Without its room, only the adaptation this device holds.
    expect(libraryStats('brt', documents, catalog, null, null).mostAdapted[0]?.cities).toEqual(['Lima'])
  })
})
