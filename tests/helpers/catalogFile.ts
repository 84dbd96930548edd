import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import * as Y from 'yjs'
import { MAGIC } from '../../src/main/library/frames.js'
import { writeStoredDoc } from '../../src/main/library/storedDoc.js'
import { catalogPath } from '../../src/main/sync/NetworkRoomCopy.js'
import { recordDecision } from '../../src/shared/model/workflow.js'

/** A network's catalog on this device, as the app leaves it when it stops, with the documents given published. */
export async function writeCatalog(dataDir: string, network: string, published: { document: string; publishedVersion?: string }[]): Promise<void> {
  const catalog = new Y.Doc()
  for (const decision of published) recordDecision(catalog, { ...decision, from: 'in-review', status: 'published', by: 'Fatima', at: new Date().toISOString() })
  await mkdir(join(dataDir, 'sync'), { recursive: true })
  await writeStoredDoc(catalogPath(dataDir, network), { doc: catalog, sent: Y.encodeStateVector(catalog) }, MAGIC.catalog)
}
