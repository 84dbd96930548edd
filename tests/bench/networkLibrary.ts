import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import * as Y from 'yjs'
import { MAGIC } from '../../src/main/library/frames.js'
import { Library } from '../../src/main/library/library.js'
import { writeStoredDoc } from '../../src/main/library/storedDoc.js'
import { ADAPTATIONS_ROOM, catalogPath, roomCopyPath } from '../../src/main/sync/NetworkRoomCopy.js'
import type { MetaInput } from '../../src/shared/model/document.js'
import { newDocumentState } from '../../src/shared/model/documentBody.js'
import { DOCUMENT_KINDS } from '../../src/shared/model/kinds.js'
import { templateBody } from '../../src/shared/model/templates.js'
import { recordDecision } from '../../src/shared/model/workflow.js'
import { addAdaptationReference } from '../../src/shared/protocol/adaptationReferences.js'
import { seededRandom } from '../helpers/seededRandom.js'

const CITIES = ['Lagos', 'Bogotá', 'Jakarta', 'Paris', 'Seoul', 'Nairobi', 'Lima', 'Oslo', 'Dhaka', 'Quito', 'Accra', 'Milan', 'Lisbon', 'Dakar', 'Tokyo']
const TOPICS = ['bus lanes', 'bike lanes', 'heat plan', 'flood defences', 'waste sorting', 'tree planting', 'building retrofits', 'clean air zone']
/** Documents stored in one batch (one commit, one index save). */
const BATCH = 250
const MONTH_MS = 30 * 24 * 3_600_000
const START = Date.UTC(2024, 0, 1)

export interface NetworkLibrary {
  /** The network's documents, in the order made. */
  ids: string[]
  /** What the catalog logs. */
  decisions: number
  /** Adaptations of the network's documents: its own documents that adapt another, and the room's references from elsewhere. */
  adaptations: number
}

/**
 * A library of `count` documents of `network` as a network's two and a half years leave it, for the
 * figures of its dashboard: kinds in a network's proportions, fifteen cities and one document in
 * twenty naming none, one or two topics, one to three authors of sixty, made across 30 months and
 * half of them edited later, two in five submitted; every tenth after the first hundred adapts an
 * earlier one, and its adaptations room tells of one in twenty adapted elsewhere. Its catalog file publishes three in ten of them (a tenth of those twice), and sends
 * one in twenty back to draft. Deterministic: the same count, the same library.
 */
export async function writeNetworkLibrary(dataDir: string, network: string, count: number): Promise<NetworkLibrary> {
  const random = seededRandom(20)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T
  const at = (time: number) => new Date(Math.round(time)).toISOString()
  const made = Array.from({ length: count }, (_, index) => START + (index / count) * 30 * MONTH_MS)
  const inputs = made.map((createdAt, index): MetaInput => {
    const kind = DOCUMENT_KINDS[Math.floor(random() * 10) < 7 ? 0 : random() < 0.7 ? 1 : 2] ?? 'case-study'
    const city = index % 20 === 19 ? undefined : pick(CITIES)
    const authors = Array.from({ length: 1 + Math.floor(random() * 3) }, () => `Person ${1 + Math.floor(random() * 60)}`)
    return {
      kind,
      title: `${city ?? 'Network'}: ${pick(TOPICS)} (${index + 1})`,
      network,
      ...(city ? { city } : {}),
      language: 'en',
      authors: [...new Set(authors)],
      topics: [...new Set([pick(TOPICS), ...(random() < 0.5 ? [pick(TOPICS)] : [])])],
      createdAt: at(createdAt),
      updatedAt: at(random() < 0.5 ? createdAt + random() * 3 * MONTH_MS : createdAt),
      ...(random() < 0.4 ? { submitted: { by: authors[0] ?? 'Person 1', at: at(createdAt + random() * MONTH_MS) } } : {}),
    }
  })
  const library = await Library.open(dataDir)
  const ids: string[] = []
  let adaptations = 0
  try {
    for (let first = 0; first < count; first += BATCH) {
      const batch = inputs.slice(first, first + BATCH).map((input, offset) => {
        const index = first + offset
        const source = index >= 100 && index % 10 === 0 ? Math.floor(random() * index) : null
        // A source in an earlier batch, whose id is known.
        const from = source !== null && source < first ? { adaptedFrom: { id: ids[source] ?? '', network, title: inputs[source]?.title ?? '' } } : {}
        if ('adaptedFrom' in from) adaptations += 1
        return newDocumentState({ ...input, ...from }, templateBody(input.kind, 'en'), new Date(input.createdAt ?? START))
      })
      for (const result of await library.createAllFromState(batch)) {
        if (result.status === 'rejected') throw result.reason
        ids.push(result.value)
      }
    }
  } finally {
    await library.close()
  }
  const catalog = new Y.Doc()
  let decisions = 0
  const decide = (document: string, from: 'submitted' | 'published', status: 'published' | 'draft', time: number) => {
    recordDecision(catalog, { document, from, status, by: `Facilitator ${1 + (decisions % 4)}`, at: at(time) })
    decisions += 1
  }
  for (const [index, id] of ids.entries()) {
    const when = (made[index] ?? START) + MONTH_MS
    if (random() < 0.3) {
      decide(id, 'submitted', 'published', when)
      if (random() < 0.1) decide(id, 'published', 'published', when + 86_400_000)
    } else if (random() < 0.05) decide(id, 'submitted', 'draft', when)
  }
  // The adaptations room: one document in twenty adapted in a network this device is not in.
  const room = new Y.Doc()
  for (const [index, id] of ids.entries()) {
    if (index % 20 !== 7) continue
    const adaptation = `f${index.toString(16).padStart(15, '0')}`
    addAdaptationReference(room, { adaptation, source: id, network: 'elsewhere', city: pick(CITIES), at: at((made[index] ?? START) + 2 * MONTH_MS) })
    adaptations += 1
  }
  await mkdir(join(dataDir, 'sync'), { recursive: true })
  await writeStoredDoc(catalogPath(dataDir, network), { doc: catalog, sent: Y.encodeStateVector(catalog) }, MAGIC.catalog)
  await writeStoredDoc(roomCopyPath(dataDir, network, ADAPTATIONS_ROOM), { doc: room, sent: Y.encodeStateVector(room) }, MAGIC.adaptations)
  return { ids, decisions, adaptations }
}
