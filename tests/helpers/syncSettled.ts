import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import * as decoding from 'lib0/decoding'
import type { Library } from '../../src/main/library/library.js'
import type { SyncEngine, SyncEvent } from '../../src/main/sync/syncEngine.js'
import { MESSAGE, readChanged, type DocumentChange } from '../../src/shared/protocol/messages.js'
import { eventually } from './eventually.js'

/**
 * Resolves once every document of the networks a device syncs is stored on its relay, as the
 * document's sync state tells (saved, or synced for a viewer), or was kept out of its network, as
 * the device's `events` tell if it records them. Each local change sets the state back to local-only
 * until a sync has carried it, and after a start no document has a state until its first sync ends.
 */
export async function everyDocumentSynced(device: { library: Library; sync: SyncEngine; events?: SyncEvent[] }, timeoutMs?: number): Promise<void> {
  const syncing = new Set(
    device.sync
      .networks()
      .filter((network) => !network.refused)
      .map((network) => network.id),
  )
  const keptOut = () => new Set(device.events?.flatMap((event) => (event.type === 'kept-out' ? [event.id] : [])))
  const settled = (id: string, kept: Set<string>) => ['saved', 'synced'].includes(device.sync.state(id)) || kept.has(id)
  const pending = () => {
    const kept = keptOut()
    return device.library.list().filter(({ id, meta }) => meta.network && syncing.has(meta.network) && !settled(id, kept))
  }
  await eventually(() => pending().length === 0, 'every document of the joined networks is synced', timeoutMs)
}

/** The changes a raw connection to a network's feed was told of. */
export function changesOn(feed: { frames: Uint8Array[] }): DocumentChange[] {
  return feed.frames.flatMap((frame) => {
    const decoder = decoding.createDecoder(frame)
    return decoding.readVarUint(decoder) === MESSAGE.changed ? readChanged(decoder) : []
  })
}

/** The change number up to which a device has synced what `network` announced (docs/SYNC.md). */
export async function cursorOf(dataDir: string, network: string): Promise<number> {
  try {
    return (JSON.parse(await readFile(join(dataDir, 'sync', `${network}.json`), 'utf8')) as { since: number }).since
  } catch {
    return 0
  }
}
