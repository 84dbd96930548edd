import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { deleteCollection, readCuration, setCollection, setFeatured, setTopics } from '../../../src/shared/model/curation.js'

const [lagos, quito] = ['0123456789abcdef', 'fedcba9876543210']

describe('a network’s curation', () => {
  it('reads back its collections by name, each in its own order, and its featured documents and topics', () => {
    const catalog = new Y.Doc()
    setCollection(catalog, { id: 'aaaaaaaaaaaa', name: 'Workshop in Lima', description: '', documents: [quito] })
    setCollection(catalog, { id: 'bbbbbbbbbbbb', name: 'BRT lessons 2026', description: 'What the corridors taught', documents: [quito, lagos] })
    setFeatured(catalog, [lagos])
    setTopics(catalog, ['fares', 'feeder lanes'])
    expect(readCuration(catalog)).toEqual({
      collections: [
        { id: 'bbbbbbbbbbbb', name: 'BRT lessons 2026', description: 'What the corridors taught', documents: [quito, lagos] },
        { id: 'aaaaaaaaaaaa', name: 'Workshop in Lima', description: '', documents: [quito] },
      ],
      featured: [lagos],
      topics: ['fares', 'feeder lanes'],
    })
    deleteCollection(catalog, 'aaaaaaaaaaaa')
    expect(readCuration(catalog).collections.map(({ name }) => name)).toEqual(['BRT lessons 2026'])
  })

  it('leaves out what does not parse', () => {
    const catalog = new Y.Doc()
    catalog.getMap('collections').set('x', { id: 'x', name: 'No id', description: '', documents: [] })
    catalog.getMap('collections').set('cccccccccccc', { id: 'cccccccccccc', name: 'Bad document', description: '', documents: ['../etc'] })
    catalog.getMap('lists').set('featured', 'not a list')
    expect(readCuration(catalog)).toEqual({ collections: [], featured: [], topics: [] })
  })
})
