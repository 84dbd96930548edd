import { afterEach } from 'vitest'
import { Library } from '../../src/main/library/library.js'
import { FileSettingsStore } from '../../src/main/settings/fileSettingsStore.js'
import { SyncEngine, type SyncEvent } from '../../src/main/sync/syncEngine.js'
import { paragraphs } from './documents.js'
import { TempDirs } from './tempDirs.js'

export interface Backend {
  dataDir: string
  library: Library
  settings: FileSettingsStore
  sync: SyncEngine
  events: SyncEvent[]
  /** Stops syncing and closes the library, as quitting the app would. */
  stop(): Promise<void>
}

/**
 * Casebook back ends in this process, each with its own data directory: a library, settings in the
 * data directory and the sync engine. Each is stopped, and its directory removed, after the test.
 */
export function useBackends(): { start(dataDir?: string): Promise<Backend> } {
  const started: Backend[] = []
  const dirs = new TempDirs('casebook-backend-')
  afterEach(async () => {
    for (const backend of started.splice(0)) await backend.stop()
    dirs.removeAll()
  })
  return {
    async start(dataDir) {
      const dir = dataDir ?? dirs.make()
      const library = await Library.open(dir)
      const settings = new FileSettingsStore(dir)
      const events: SyncEvent[] = []
      const sync = await SyncEngine.start(library, settings, dir, (event) => events.push(event))
      let stopping: Promise<void> | null = null
      const backend: Backend = {
        dataDir: dir,
        library,
        settings,
        sync,
        events,
        stop: () =>
          (stopping ??= (async () => {
            await sync.stop()
            await library.close()
          })()),
      }
      started.push(backend)
      return backend
    },
  }
}

export const hasDocument = (backend: Pick<Backend, 'library'>, id: string): boolean => backend.library.list().some((summary) => summary.id === id)

/** The text of every paragraph of a document in a back end's library. */
export async function textOf(backend: Backend, id: string): Promise<string[]> {
  const handle = await backend.library.open(id)
  try {
    return paragraphs(handle.doc)
  } finally {
    await handle.close()
  }
}
