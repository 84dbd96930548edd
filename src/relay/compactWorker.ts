import { parentPort, workerData } from 'node:worker_threads'
import type { CompactRequest, CompactResult } from './compactor.js'
import { foldUpdates } from './foldUpdates.js'
import { RelayStore } from './store.js'

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
    const { state, held, readBytes } = foldUpdates(snapshot ? [snapshot, ...updates] : updates)
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
