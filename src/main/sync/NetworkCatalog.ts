import { mkdir } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { CasebookError } from '../../shared/errors.js'
import { CATALOG_DOCUMENT } from '../../shared/protocol/invite.js'
import { CoalescedTask } from '../coalescedTask.js'
import { MAGIC } from '../library/frames.js'
import { readStoredDoc, writeStoredDoc, type StoredDoc } from '../library/storedDoc.js'
import { PRIVATE_DIR } from '../privateDataDir.js'
import { syncPlainDoc, type RelayAccess } from './documentConnection.js'

export const catalogPath = (dataDir: string, network: string): string => join(dataDir, 'sync', `${network}.catalog`)

/** The catalog as this device last held it (empty if it never synced one), for the command line too, which runs while the app does not. */
export function readCatalogFile(dataDir: string, network: string): Promise<StoredDoc> {
  return readStoredDoc(
    catalogPath(dataDir, network),
    CATALOG_DOCUMENT,
    MAGIC.catalog,
    (why, cause) => new CasebookError('STORAGE_FAILED', `The catalog of network ${network} on this device is damaged: ${why}.`, { cause, reason: 'failed' }),
  )
}

/**
 * A network's catalog (workflow.ts) as this device holds it, in `sync/<network>.catalog`: loaded
 * while the network syncs, saved after every change, and synced in rounds with its room on the relay
 * (`sync`). Only a facilitator's changes are stored there; anyone else's round only fetches.
 */
export class NetworkCatalog {
  private sent: Uint8Array
  private readonly saves = new CoalescedTask(() => this.save())
  private readonly onUpdate = (_update: Uint8Array, origin: unknown) => {
    // Losing a save costs a fetch at the next start; a decision made here is sent from memory meanwhile.
    this.saves.run().catch(() => {})
    if (!(origin instanceof WebsocketProvider)) this.onLocalChange()
  }

  private constructor(
    readonly doc: Y.Doc,
    sent: Uint8Array,
    private readonly path: string,
    /** A change made on this device, to send. */
    private readonly onLocalChange: () => void,
  ) {
    this.sent = sent
    doc.on('update', this.onUpdate)
  }

  static async open(dataDir: string, network: string, onLocalChange: () => void): Promise<NetworkCatalog> {
    const { doc, sent } = await readCatalogFile(dataDir, network)
    return new NetworkCatalog(doc, sent, catalogPath(dataDir, network), onLocalChange)
  }

  /** One round: fetch what the relay has, send what it lacks (a facilitator's), until it is stored. */
  async sync(access: RelayAccess, signal: AbortSignal): Promise<void> {
    // Only a facilitator may write it: anyone else's round waits for nothing to be stored.
    await syncPlainDoc(access.role === 'facilitator' ? access : { ...access, role: 'viewer' }, this.doc, signal)
    // Whatever else it holds, the relay has, or would refuse.
    this.sent = Y.encodeStateVector(this.doc)
    await this.saves.run()
  }

  async close(): Promise<void> {
    this.doc.off('update', this.onUpdate)
    await this.saves.settled().catch(() => {})
    this.doc.destroy()
  }

  private async save(): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true, mode: PRIVATE_DIR })
    await writeStoredDoc(this.path, { doc: this.doc, sent: this.sent }, MAGIC.catalog)
  }
}
