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
  /** Where everything is kept, as the relay says when it starts. */
  store: 'sqlite' | 'postgres'
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
    store: 'sqlite',
    async close() {
      await documents.close()
      store.close()
    },
  }
}

/**
 * The backends of one of several relay processes: everything in Postgres, and with --redis the
 * other instances reached through Redis. Postgres's modules and Redis's are loaded only then.
 */
async function postgresBackends(postgres: string, { redis, log, limits, metrics }: BackendOptions): Promise<RelayBackends> {
  const [{ openPostgres }, { PgDocumentStore }, { PgRevocations }, { PgWorkshops }, { PgBlobs }] = await Promise.all([
    import('./postgres/openPostgres.js'),
    import('./postgres/PgDocumentStore.js'),
    import('./postgres/PgRevocations.js'),
    import('./postgres/PgWorkshops.js'),
    import('./postgres/PgBlobs.js'),
  ])
  const pool = await openPostgres(postgres)
  const opened: { close(): Promise<void> }[] = []
  try {
    const documents = await PgDocumentStore.open(pool)
    opened.push(documents)
    const revocations = await PgRevocations.open(pool, postgres)
    opened.push(revocations)
    const [workshops, blobs] = await Promise.all([PgWorkshops.open(pool), PgBlobs.open(pool)])
    const shared = redis ? await redisBackends(redis, log, limits, metrics) : null
    return {
      documents,
      revocations,
      workshops,
      blobs,
      bus: shared?.bus ?? new LocalBus(),
      limits: shared?.limits ?? new ConnectionLimits(limits),
      store: 'postgres',
      async close() {
        await shared?.limits.close()
        await shared?.bus.close()
        for (const store of opened) await store.close()
        await pool.end()
      },
    }
  } catch (error) {
    for (const store of opened) await store.close()
    await pool.end()
    throw error
  }
}

async function redisBackends(url: string, log: Logger, limits: RelayLimits, metrics: RelayMetrics) {
  const [{ RedisBus }, { SharedLimits }] = await Promise.all([import('./redis/RedisBus.js'), import('./redis/SharedLimits.js')])
  const bus = await RedisBus.open(url, log)
  return { bus, limits: new SharedLimits(limits, bus, metrics) }
}

/** The backends the options ask for: SQLite in the data directory unless --postgres is given. */
export function openBackends(options: BackendOptions): Promise<RelayBackends> {
  return options.postgres ? postgresBackends(options.postgres, options) : Promise.resolve(sqliteBackends(options))
}
