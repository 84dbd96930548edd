import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import { decoded, expectEnd } from './malformedFrame.js'
import { MESSAGE } from './messages.js'

/** One client's presence in an awareness update: its id, the clock of its state, and the state as JSON ("null" when withdrawn). */
export interface AwarenessEntry {
  client: number
  clock: number
  json: string
}

/** An awareness frame with the presence of the given clients (by default, of everyone with a state). */
export function encodeAwareness(awareness: awarenessProtocol.Awareness, clients = [...awareness.getStates().keys()]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.awareness)
  encoding.writeVarUint8Array(encoder, awarenessProtocol.encodeAwarenessUpdate(awareness, clients))
  return encoding.toUint8Array(encoder)
}

/** Reads the awareness update of a frame whose type (MESSAGE.awareness) has already been read, to its end; throws MalformedFrame. */
export function readAwarenessFrame(decoder: decoding.Decoder): Uint8Array {
  const update = decoded(() => decoding.readVarUint8Array(decoder))
  expectEnd(decoder)
  return update
}

/**
 * The entries of an awareness update, one at a time, so that a reader may stop at the first it
 * refuses; throws MalformedFrame where the update is cut short or goes on after its last entry.
 */
export function* readAwarenessEntries(update: Uint8Array): Generator<AwarenessEntry, void> {
  const decoder = decoding.createDecoder(update)
  const count = decoded(() => decoding.readVarUint(decoder))
  for (let i = 0; i < count; i++) {
    yield decoded(() => ({ client: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), json: decoding.readVarString(decoder) }))
  }
  expectEnd(decoder)
}

/** An awareness update of the given entries, as y-protocols applies it. */
export function encodeAwarenessEntries(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, entries.length)
  for (const { client, clock, json } of entries) {
    encoding.writeVarUint(encoder, client)
    encoding.writeVarUint(encoder, clock)
    encoding.writeVarString(encoder, json)
  }
  return encoding.toUint8Array(encoder)
}
