import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

/**
 * The first varUint of every relay frame. 0–3 are y-websocket's own (y-protocols sync, awareness,
 * auth, query-awareness); Casebook adds its own (100 and up), sent on a document's connection
 * only to clients that ask for them, and otherwise only on a network's feed, which stock y-websocket
 * clients never open: they never see a type they do not know.
 */
export const MESSAGE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /** Relay → client: the first N update-carrying sync messages this connection sent are stored. */
  stored: 100,
  /** Relay → client, on a network's feed only: documents that changed, each with its change number. */
  changed: 101,
  /** Relay → client, on a network's feed only: who is online in the network, whenever that changes. */
  members: 102,
  /** Relay → client, on a network's feed only: the feed answers MESSAGE.fetch, and within which limits. */
  fetchable: 103,
  /** Client → relay, on a network's feed only: several documents' missing updates, asked at once. */
  fetch: 104,
  /** Relay → client, on a network's feed only: the answer to one MESSAGE.fetch. */
  fetched: 105,
} as const

/** The query parameter a client sets (to "1") to receive MESSAGE.stored. */
export const STORED_ACK_PARAM = 'ack'

export function encodeStored(count: number): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.stored)
  encoding.writeVarUint(encoder, count)
  return encoding.toUint8Array(encoder)
}

/** Reads the count of a MESSAGE.stored frame whose type has already been read. */
export function readStored(decoder: decoding.Decoder): number {
  return decoding.readVarUint(decoder)
}

/** A document of a network, and the relay's change number after its latest stored update. */
export interface DocumentChange {
  document: string
  seq: number
}

/** The query parameter of a feed connection: the change number the client has seen up to. */
export const FEED_SINCE_PARAM = 'since'

export function encodeChanged(changes: readonly DocumentChange[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.changed)
  encoding.writeVarUint(encoder, changes.length)
  for (const { document, seq } of changes) {
    encoding.writeVarString(encoder, document)
    encoding.writeVarUint(encoder, seq)
  }
  return encoding.toUint8Array(encoder)
}

/** Reads the changes of a MESSAGE.changed frame whose type has already been read. */
export function readChanged(decoder: decoding.Decoder): DocumentChange[] {
  const count = decoding.readVarUint(decoder)
  const changes: DocumentChange[] = []
  for (let n = 0; n < count; n += 1) changes.push({ document: decoding.readVarString(decoder), seq: decoding.readVarUint(decoder) })
  return changes
}

/** Someone online in a network, as their invite names them. */
export interface Member {
  name: string
  city?: string
}

export function encodeMembers(members: readonly Member[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.members)
  encoding.writeVarUint(encoder, members.length)
  for (const { name, city } of members) {
    encoding.writeVarString(encoder, name)
    encoding.writeVarString(encoder, city ?? '')
  }
  return encoding.toUint8Array(encoder)
}

/** Reads the members of a MESSAGE.members frame whose type has already been read. */
export function readMembers(decoder: decoding.Decoder): Member[] {
  const count = decoding.readVarUint(decoder)
  const members: Member[] = []
  for (let n = 0; n < count; n += 1) {
    const name = decoding.readVarString(decoder)
    const city = decoding.readVarString(decoder)
    members.push(city ? { name, city } : { name })
  }
  return members
}
