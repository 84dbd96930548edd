import { parentPort, workerData } from 'node:worker_threads'
import * as Y from 'yjs'
import type { CompactRequest, CompactResult } from './compactor.js'
import { RelayStore } from './store.js'

/**
 * Rebuilding a document drops what was deleted from it (Yjs garbage-collects it) but takes about 30
 * times its stored size in memory (1 GB for 31 MiB here, in 7 s), while merging its updates keeps
 * deleted content and takes 7 times (220 MB, in 2.3 s): larger documents are merged.
 */
const REBUILD_UP_TO_BYTES = 4 << 20

/**
 * The worker of the relay's compactions, off its event loop (src/relay/compactor.ts): for each room
 * asked for, it reads the snapshot and updates through a database connection of its own, folds them
 * into one update, waits until the relay lets it write, then replaces exactly what it read with that
 * snapshot in one transaction.
 */
const store = new RelayStore((workerData as { dataDir: string }).dataDir)
const port = parentPort!
let allowed: (() => void) | null = null

port.on('message', (message: CompactRequest) => {
  if (message.type === 'write') return allowed?.()
  if (message.type === 'close') {
    store.close()
    return port.close()
  }
  void compact(message.room).then((result) => port.postMessage(result))
})

async function compact(room: string): Promise<CompactResult> {
  try {
    const { snapshot, updates, upTo } = store.loadUpTo(room)
    const parts = snapshot ? [snapshot, ...updates] : updates
    const readBytes = parts.reduce((bytes, part) => bytes + part.byteLength, 0)
    const { state, held } = readBytes > REBUILD_UP_TO_BYTES ? { state: Y.mergeUpdates(parts), held: null } : rebuilt(parts)
    await new Promise<void>((resolve) => {
      allowed = resolve
      port.postMessage({ type: 'ready', room } satisfies CompactResult)
    })
    allowed = null
    store.compact(room, state, upTo, held)
    return { type: 'done', room, updates: updates.length, readBytes, snapshotBytes: state.byteLength }
  } catch (error) {
    return { type: 'failed', room, message: (error as Error).message }
  }
}

/** The rows rebuilt into one update, and apart what Yjs holds back of them (or null). */
function rebuilt(parts: Uint8Array[]): { state: Uint8Array; held: Uint8Array | null } {
  const doc = new Y.Doc()
  for (const part of parts) Y.applyUpdate(doc, part)
  // What Yjs holds back here was stored by older relays, which stored an update that left something
  // held back whole (or by compactions that kept it in the snapshot). It goes to the held-back row,
  // not the snapshot: the room may have been unloaded before its load set it aside into that row, and
  // it was acknowledged; but in the snapshot, a group the room discards would be set aside again at
  // each load.
  const { pendingStructs, pendingDs } = doc.store
  // Yjs would add them to the update it encodes.
  doc.store.pendingStructs = null
  doc.store.pendingDs = null
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  const pending = [pendingStructs?.update, pendingDs].filter((update) => update !== undefined && update !== null)
  return { state, held: pending.length === 0 ? null : Y.mergeUpdates(pending.map((update) => Y.convertUpdateFormatV2ToV1(update))) }
}
