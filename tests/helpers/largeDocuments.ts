import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'

/**
 * Characters typed backwards by three people (client ids 1 to 3) in `turns` turns of `perTurn`
 * each, each turn before the others' text, then 100 of them deleted: an update whose runs of structs
 * depend on each other's later runs, as Yjs encodes them client by client.
 */
export function interleavedWriters(turns: number, perTurn: number): Y.Doc {
  const doc = new Y.Doc()
  for (let turn = 0; turn < turns; turn += 1) {
    // One doc playing each writer in turn sees the others' edits at once, as if synced.
    doc.clientID = 1 + (turn % 3)
    doc.transact(() => {
      for (let index = 0; index < perTurn; index += 1) doc.getText('t').insert(0, String.fromCharCode(97 + ((turn + index) % 26)))
    })
  }
  doc.getText('t').delete(10, 100)
  return doc
}

/** Characters typed one at a time, each before the last, by one person: as many items. */
export function typedBackwards(characters: number): Y.Doc {
  const doc = new Y.Doc()
  doc.transact(() => {
    for (let index = 0; index < characters; index += 1) doc.getText('t').insert(0, String.fromCharCode(97 + (index % 26)))
  })
  return doc
}

/**
 * The update (v1) of `items` one-character items of text 't' typed backwards by `client`, the first
 * before `head` (null: into an empty text), written byte by byte: Yjs would take seconds and a
 * gigabyte of heap for the 3 million items of the relay's worst document.
 */
export function typedBackwardsUpdate(items: number, client: number, head: { client: number; clock: number } | null): Uint8Array {
  const encoder = encoding.createEncoder()
  // One client's structs, from clock 0.
  for (const value of [1, items, client, 0]) encoding.writeVarUint(encoder, value)
  for (let clock = 0; clock < items; clock += 1) {
    const right = clock > 0 ? { client, clock: clock - 1 } : head
    if (right) {
      // A string item with a right origin only; its parent is its right origin's.
      encoding.writeUint8(encoder, 0x44)
      encoding.writeVarUint(encoder, right.client)
      encoding.writeVarUint(encoder, right.clock)
    } else {
      // A string item without origins, in the root type 't'.
      encoding.writeUint8(encoder, 0x04)
      encoding.writeVarUint(encoder, 1)
      encoding.writeVarString(encoder, 't')
    }
    encoding.writeVarString(encoder, 'x')
  }
  // No deleted ranges.
  encoding.writeVarUint(encoder, 0)
  return encoding.toUint8Array(encoder)
}
