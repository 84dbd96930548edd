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

/** An awareness frame of the given entries. */
export function encodeAwarenessEntriesFrame(entries: readonly AwarenessEntry[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.awareness)
  encoding.writeVarUint8Array(encoder, encodeAwarenessEntries(entries))
  return encoding.toUint8Array(encoder)
}

/** The entries of the given clients as `awareness` holds them now, as encodeAwarenessUpdate writes them. */
export function presenceEntries(awareness: awarenessProtocol.Awareness, clients: readonly number[]): AwarenessEntry[] {
  return clients.map((client) => ({ client, clock: awareness.meta.get(client)?.clock ?? 0, json: JSON.stringify(awareness.getStates().get(client) ?? null) }))
}

/**
 * Adds `entries` to `latest`, which keeps each client's latest entry: the one that applying them all
 * in order, as y-protocols does, would leave (of one clock, the later one wins: it may withdraw the state).
 */
export function keepLatest(latest: Map<number, AwarenessEntry>, entries: Iterable<AwarenessEntry>): void {
  for (const entry of entries) if (entry.clock >= (latest.get(entry.client)?.clock ?? 0)) latest.set(entry.client, entry)
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
