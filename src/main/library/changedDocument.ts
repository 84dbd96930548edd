import type * as Y from 'yjs'

/**
 * Whether a transaction changed its doc: it deleted something, or added structs. This is the test Yjs
 * makes before emitting `update`, without the encoding of the update that listening to `update` costs
 * on every transaction.
 */
export function changedDocument(transaction: Y.Transaction): boolean {
  return transaction.deleteSet.clients.size > 0 || addedStructs(transaction)
}

export function addedStructs(transaction: Y.Transaction): boolean {
  for (const [client, clock] of transaction.afterState) if (clock !== transaction.beforeState.get(client)) return true
  return false
}
