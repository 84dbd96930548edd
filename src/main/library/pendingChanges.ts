import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { addedStructs } from './changedDocument.js'

type DeleteSet = Y.Transaction['deleteSet']

/**
 * Collects a doc's changes as one Yjs update per batch instead of one per transaction.
 *
 * Listening to a doc's `update` event makes Yjs encode every transaction as it ends: for keystroke
 * transactions that is a third or more of the cost of the edit itself. Here a transaction only notes
 * what it deleted; `take()` then encodes, once, the structs added since the previous take and the
 * deletions noted, exactly as Yjs encodes a single transaction's update (writeClientsStructs and
 * writeDeleteSet in yjs/src/utils/encoding.js), but over the whole batch.
 */
export class PendingChanges {
  /** The doc's state vector at the previous take: the structs written since are new. */
  private taken: Map<number, number>
  private deleteSets: DeleteSet[] = []
  private changed = false
  private readonly onTransaction = (transaction: Y.Transaction) => {
    if (transaction.deleteSet.clients.size > 0) this.deleteSets.push(transaction.deleteSet)
    else if (!addedStructs(transaction)) return
    this.changed = true
    this.onChange()
  }

  constructor(
    private readonly doc: Y.Doc,
    /** Called after every transaction that changed the doc. */
    private readonly onChange: () => void,
  ) {
    this.taken = Y.decodeStateVector(Y.encodeStateVector(doc))
    doc.on('afterTransaction', this.onTransaction)
  }

  /** The update holding every change since the previous take, or null if there was none. */
  take(): Uint8Array | null {
    if (!this.changed) return null
    const encoder = new Y.UpdateEncoderV1()
    const { clients } = this.doc.store
    const from = new Map<number, number>()
    for (const [client, structs] of clients) {
      const clock = this.taken.get(client) ?? 0
      const last = structs[structs.length - 1]!
      if (last.id.clock + last.length > clock) from.set(client, clock)
    }
    encoding.writeVarUint(encoder.restEncoder, from.size)
    // Higher client ids first, as Yjs writes them: it makes applying the update faster.
    for (const [client, clock] of [...from].sort((a, b) => b[0] - a[0])) {
      const structs = clients.get(client)!
      const start = Y.findIndexSS(structs, clock)
      encoding.writeVarUint(encoder.restEncoder, structs.length - start)
      encoder.writeClient(client)
      encoding.writeVarUint(encoder.restEncoder, clock)
      structs[start]!.write(encoder, clock - structs[start]!.id.clock)
      for (let index = start + 1; index < structs.length; index += 1) structs[index]!.write(encoder, 0)
    }
    const deleted = Y.mergeDeleteSets(this.deleteSets)
    encoding.writeVarUint(encoder.restEncoder, deleted.clients.size)
    for (const [client, ranges] of [...deleted.clients].sort((a, b) => b[0] - a[0])) {
      encoder.resetDsCurVal()
      encoding.writeVarUint(encoder.restEncoder, client)
      encoding.writeVarUint(encoder.restEncoder, ranges.length)
      for (const range of ranges) {
        encoder.writeDsClock(range.clock)
        encoder.writeDsLen(range.len)
      }
    }
    for (const [client, structs] of clients) {
      const last = structs[structs.length - 1]!
      this.taken.set(client, last.id.clock + last.length)
    }
    this.deleteSets = []
    this.changed = false
    return encoder.toUint8Array()
  }

  destroy(): void {
    this.doc.off('afterTransaction', this.onTransaction)
  }
}
