import * as Y from 'yjs'

/**
 * Characters typed backwards by three people in `turns` turns of `perTurn` each, each turn on the
 * others' text, then 100 of them deleted: an update whose runs of structs depend on each other's
 * later runs, as Yjs encodes them client by client.
 */
export function interleavedWriters(turns: number, perTurn: number): Y.Doc {
  const writers = [new Y.Doc(), new Y.Doc(), new Y.Doc()]
  const source = new Y.Doc()
  for (let turn = 0; turn < turns; turn += 1) {
    const writer = writers[turn % 3]!
    writer.transact(() => {
      for (let index = 0; index < perTurn; index += 1) writer.getText('t').insert(0, String.fromCharCode(97 + ((turn + index) % 26)))
    })
    Y.applyUpdate(source, Y.encodeStateAsUpdate(writer, Y.encodeStateVector(source)))
    for (const other of writers) if (other !== writer) Y.applyUpdate(other, Y.encodeStateAsUpdate(source, Y.encodeStateVector(other)))
  }
  source.getText('t').delete(10, 100)
  return source
}
