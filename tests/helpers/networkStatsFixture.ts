import type { NetworkStats } from '../../src/shared/model/networkStats.js'

export const LAGOS_BRT = 'aaaaaaaaaaaaaaa1'
export const UNTITLED = 'aaaaaaaaaaaaaaa2'
export const LONG_TITLE = 'Bus rapid transit in a city of twenty million people, and what it took'

/**
 * Network brt's figures as networkStats gives them: seven documents over three months, two case
 * studies adapted (one untitled, of no city, adapted by a city not named), contributors in a city and
 * in none, and four changes, the latest two since the user last looked.
 */
export const NETWORK_STATS: NetworkStats = {
  network: 'brt',
  documents: 7,
  byStatus: [
    { key: 'draft', count: 4 },
    { key: 'submitted', count: 0 },
    { key: 'in-review', count: 1 },
    { key: 'published', count: 2 },
    { key: 'archived', count: 0 },
  ],
  byKind: [
    { key: 'case-study', count: 5 },
    { key: 'lessons-learned', count: 2 },
    { key: 'workshop-notes', count: 0 },
  ],
  byCity: [
    { key: 'Lagos', count: 5 },
    { key: '', count: 2 },
  ],
  byTopic: [{ key: 'Transit', count: 3 }],
  contributors: [
    { city: 'Lagos', names: ['Ada Obi', 'Bola', 'Chidi'] },
    { city: '', names: ['Dee'] },
  ],
  months: [
    { month: '2025-12', created: 3, submitted: 1, published: 0, adapted: 0 },
    { month: '2026-01', created: 0, submitted: 0, published: 0, adapted: 1 },
    { month: '2026-02', created: 4, submitted: 2, published: 2, adapted: 2 },
  ],
  mostAdapted: [
    { id: LAGOS_BRT, title: LONG_TITLE, city: 'Lagos', adaptations: 2, cities: ['', 'Quito'] },
    { id: UNTITLED, title: '', city: '', adaptations: 1, cities: ['Jakarta'] },
  ],
  adaptations: 3,
  activity: [
    { kind: 'decided', document: LAGOS_BRT, title: LONG_TITLE, at: '2026-02-20T10:00:00.000Z', by: 'Ada Obi', status: 'published', isNew: true },
    { kind: 'adapted', document: LAGOS_BRT, title: LONG_TITLE, at: '2026-02-18T10:00:00.000Z', by: 'Quito', isNew: true },
    { kind: 'edited', document: UNTITLED, title: '', at: '2026-02-10T10:00:00.000Z', by: '', isNew: false },
    { kind: 'created', document: UNTITLED, title: '', at: '2025-12-01T10:00:00.000Z', by: 'Bola', isNew: false },
  ],
  newActivity: 2,
}
