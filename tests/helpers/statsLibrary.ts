import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import * as Y from 'yjs'
import { MAGIC } from '../../src/main/library/frames.js'
import { Library } from '../../src/main/library/library.js'
import { writeStoredDoc } from '../../src/main/library/storedDoc.js'
import { ADAPTATIONS_ROOM, catalogPath, roomCopyPath } from '../../src/main/sync/NetworkRoomCopy.js'
import type { MetaInput } from '../../src/shared/model/document.js'
import { newDocumentContent } from '../../src/shared/model/documentBody.js'
import { recordDecision } from '../../src/shared/model/workflow.js'
import { addAdaptationReference } from '../../src/shared/protocol/adaptationReferences.js'

/** A day of 2026, at nine in the morning UTC. */
export const day = (monthDay: string): string => `2026-${monthDay}T09:00:00.000Z`

/** An adaptation of Lagos BRT in a network this device is not in: only its reference is here. */
export const JAKARTA_ADAPTATION = 'ccccccccccccccc1'

/** The documents of the stats fixture, by name. */
export interface StatsLibrary {
  lagos: string
  quito: string
  notes: string
  lima: string
  trashed: string
}

/**
 * A library as the app leaves it, made of real document files: network brt's Lagos BRT (submitted,
 * then published by its catalog), Quito cable car, and a workshop's notes naming no city, plus one of
 * its documents in the trash; network heat's Lima BRT, which adapts Lagos BRT; and brt's catalog and
 * adaptations room files. Heat has neither: this device holds its document but never synced its rooms.
 */
export async function writeStatsLibrary(dataDir: string): Promise<StatsLibrary> {
  const library = await Library.open(dataDir)
  const create = (input: MetaInput & { createdAt: string }) =>
    library.create(newDocumentContent({ language: 'en', updatedAt: input.createdAt, ...input }, undefined, new Date(input.createdAt)))
  try {
    const lagos = await create({
      kind: 'case-study',
      title: 'Lagos BRT',
      network: 'brt',
      city: 'Lagos',
      authors: ['Ada Obi'],
      topics: ['bus rapid transit'],
      submitted: { by: 'Ada Obi', at: day('02-01') },
      createdAt: day('01-10'),
    })
    const quito = await create({
      kind: 'case-study',
      title: 'Quito cable car',
      network: 'brt',
      city: 'Quito',
      authors: ['Bola'],
      topics: ['cable car'],
      createdAt: day('01-20'),
    })
    const notes = await create({ kind: 'workshop-notes', title: 'Network call', network: 'brt', authors: ['Dee'], createdAt: day('04-05') })
    const trashed = await create({ kind: 'lessons-learned', title: 'Old draft', network: 'brt', city: 'Lagos', authors: ['Zed'], createdAt: day('01-05') })
    await library.trash(trashed)
    const lima = await create({
      kind: 'lessons-learned',
      title: 'Lima BRT',
      network: 'heat',
      city: 'Lima',
      authors: ['Eve'],
      adaptedFrom: { id: lagos, network: 'brt', title: 'Lagos BRT', city: 'Lagos' },
      createdAt: day('03-10'),
    })
    const catalog = new Y.Doc()
    recordDecision(catalog, { document: lagos, from: 'submitted', status: 'published', by: 'Fatima', at: day('02-15') })
    await mkdir(join(dataDir, 'sync'), { recursive: true })
    await writeStoredDoc(catalogPath(dataDir, 'brt'), { doc: catalog, sent: Y.encodeStateVector(catalog) }, MAGIC.catalog)
    // The adaptations room as brt's last sync left it: Jakarta, of a network this device is not in,
    // adapted Lagos BRT; and a forged reference saying Lima BRT, which this device holds, adapts Quito.
    const room = new Y.Doc()
    addAdaptationReference(room, { adaptation: JAKARTA_ADAPTATION, source: lagos, network: 'asia', city: 'Jakarta', at: day('06-02') })
    addAdaptationReference(room, { adaptation: lima, source: quito, network: 'heat', city: 'Lima', at: day('06-03') })
    await writeStoredDoc(roomCopyPath(dataDir, 'brt', ADAPTATIONS_ROOM), { doc: room, sent: Y.encodeStateVector(room) }, MAGIC.adaptations)
    return { lagos, quito, notes, lima, trashed }
  } finally {
    await library.close()
  }
}
