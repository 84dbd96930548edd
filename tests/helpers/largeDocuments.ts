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
