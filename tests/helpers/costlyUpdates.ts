import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { applyPatch, loadTrace } from '../bench/trace.js'

/**
 * A crafted update of `writers` writers, each having seen "hello" and a different number of the `writers`
 * characters typed backwards after it, each inserting after "hello": every item has the same origin and
 * scans all the items before it. `base` is the room's text, `update` the crafted one.
 */
export function sameOriginUpdate(writers: number): { base: Uint8Array; update: Uint8Array } {
  const doc = new Y.Doc()
  doc.clientID = 1
  const text = doc.getText('t')
  text.insert(0, 'hello')
  const views: Uint8Array[] = []
  for (let i = 0; i < writers; i++) {
    views.push(Y.encodeStateAsUpdate(doc))
    text.insert(5, 'b')
  }
  const parts = views.map((view, i) => {
    const writer = new Y.Doc()
    writer.clientID = 10 + ((i * 37) % writers)
    Y.applyUpdate(writer, view)
    const seen = Y.encodeStateVector(writer)
    writer.getText('t').insert(5, 'z')
    return Y.encodeStateAsUpdate(writer, seen)
  })
  return { base: Y.encodeStateAsUpdate(doc), update: Y.mergeUpdates(parts) }
}

/**
 * A legit merge: writers that went offline from the same text (the trace's first `from` patches) each
 * replay `patches` patches of the trace from `starts[i]` (as client `clients[i]`). Returns the common
 * text and what each writer added.
 */
export function offlineWriters(
  trace: string,
  from: number,
  patches: number,
  writers: { client: number; start: number }[],
): { base: Uint8Array; updates: Uint8Array[] } {
  const all = loadTrace(trace).txns.flatMap((txn) => txn.patches)
  const play = (doc: Y.Doc, start: number, end: number) => {
    const text = doc.getText('t')
    for (const [position, deleted, inserted] of all.slice(start, end)) {
      const at = Math.min(position, text.length)
      applyPatch(text, [at, Math.min(deleted, text.length - at), inserted])
    }
  }
  const common = new Y.Doc()
  common.clientID = 1
  play(common, 0, from)
  const base = Y.encodeStateAsUpdate(common)
  const updates = writers.map(({ client, start }) => {
    const doc = new Y.Doc()
    doc.clientID = client
    Y.applyUpdate(doc, base)
    const seen = Y.encodeStateVector(doc)
    play(doc, start, start + patches)
    return Y.encodeStateAsUpdate(doc, seen)
  })
  return { base, updates }
}

/** A text of `length` one-character items typed at its end by clients 1 and 2 in turn: none merge, each item's origin is the one before. */
export function chainedText(length: number): Y.Doc {
  const doc = new Y.Doc()
  for (let i = 0; i < length; i++) {
    doc.clientID = 1 + (i % 2)
    doc.getText('t').insert(i, 'a')
  }
  return doc
}

/**
 * Client 999 types after the text's first item, and client 500, having seen that, before 999's
 * character; client 998, having seen 999's too, types there as well. Returns what 500 sends, which Yjs
 * holds back until 999's arrives (applied now, its scan would walk the whole text, as each item's
 * origin is the one before), and what 998 sends, with 999's.
 */
export function heldBack(text: Y.Doc): { held: Uint8Array; arriving: Uint8Array } {
  const writer = new Y.Doc()
  Y.applyUpdate(writer, Y.encodeStateAsUpdate(text))
  writer.clientID = 999
  writer.getText('t').insert(1, 'q')
  const other = new Y.Doc()
  Y.applyUpdate(other, Y.encodeStateAsUpdate(writer))
  other.clientID = 998
  other.getText('t').insert(1, 'r')
  writer.clientID = 500
  writer.getText('t').insert(1, 'w')
  const seen = Y.decodeStateVector(Y.encodeStateVector(text)).set(999, 1)
  return { held: Y.encodeStateAsUpdate(writer, Y.encodeStateVector(seen)), arriving: Y.encodeStateAsUpdate(other, Y.encodeStateVector(text)) }
}

/**
 * The update with `client` listed a first time, before its own list, holding one GC struct far ahead:
 * Yjs keeps only a client's last list, so it applies the update as it is; counted with the first list,
 * the update's structs would seem held back.
 */
export function listedTwice(update: Uint8Array, client: number): Uint8Array {
  const decoder = decoding.createDecoder(update)
  const clients = decoding.readVarUint(decoder)
  const crafted = encoding.createEncoder()
  encoding.writeVarUint(crafted, clients + 1)
  for (const value of [1, client, 1_000_000]) encoding.writeVarUint(crafted, value)
  // A GC struct (info 0) of length 1.
  encoding.writeUint8(crafted, 0)
  encoding.writeVarUint(crafted, 1)
  encoding.writeUint8Array(crafted, update.subarray(decoder.pos))
  return encoding.toUint8Array(crafted)
}

/** The id of the `index`th item of a doc's text 't' (each one character in chainedText). */
export function itemId(text: Y.Doc, index: number): Y.ID {
  let item = text.getText('t')._start
  for (let at = 0; at < index && item; at++) item = item.right
  if (!item) throw new Error(`The text has no item ${index}.`)
  return item.id
}

/**
 * An update (v1) of one character of `id.client` at `id.clock`, typed between `origin` and
 * `rightOrigin` (of the text 't' they are in): as Yjs encodes it, whether or not a doc holds them.
 * Yjs holds it back until both are there; then its conflict scan walks every item between them
 * that is before it.
 */
export function craftedItem(id: Y.ID, origin: Y.ID, rightOrigin: Y.ID, character = 'x'): Uint8Array {
  const encoder = encoding.createEncoder()
  for (const value of [1, 1, id.client, id.clock]) encoding.writeVarUint(encoder, value)
  // An item with an origin and a right origin (bits 8 and 7) holding a string (content 4).
  encoding.writeUint8(encoder, 0x80 | 0x40 | 4)
  for (const value of [origin.client, origin.clock, rightOrigin.client, rightOrigin.clock]) encoding.writeVarUint(encoder, value)
  encoding.writeVarString(encoder, character)
  // No deleted ranges.
  encoding.writeVarUint(encoder, 0)
  return encoding.toUint8Array(encoder)
}
