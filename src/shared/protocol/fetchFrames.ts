import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { MalformedFrame, decoded, expectEnd } from './malformedFrame.js'
import { MESSAGE } from './messages.js'
import { isRoomDocumentId } from './rooms.js'

/**
 * Fetching several documents over a network's feed in one round trip (docs/PROTOCOL.md, "Fetching
 * documents in bulk"). The relay tells a feed it can (MESSAGE.fetchable, with the version of the
 * frames it reads and its limits); a client that was not told never asks, so old relays and old
 * clients keep working with each other.
 */
export const FETCH_VERSION = 1
/** The most documents one MESSAGE.fetch may ask for; more closes the feed with 4416. */
export const MAX_FETCH_DOCUMENTS = 100
/** The most bytes of updates one MESSAGE.fetched holds; documents past it are left out. */
export const MAX_FETCH_ANSWER_BYTES = 1 << 20

export interface FetchLimits {
  version: number
  maxDocuments: number
  maxAnswerBytes: number
}

/** A document asked for, with the state vector of the copy the client has (empty: none). */
export interface FetchRequest {
  document: string
  stateVector: Uint8Array
}

/** A document answered: the updates the client's copy lacks, merged into one. */
export interface FetchedDocument {
  document: string
  update: Uint8Array
}

export function encodeFetchable(limits: FetchLimits): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.fetchable)
  encoding.writeVarUint(encoder, limits.version)
  encoding.writeVarUint(encoder, limits.maxDocuments)
  encoding.writeVarUint(encoder, limits.maxAnswerBytes)
  return encoding.toUint8Array(encoder)
}

/** Reads a MESSAGE.fetchable frame whose type has already been read. */
export function readFetchable(decoder: decoding.Decoder): FetchLimits {
  return { version: decoding.readVarUint(decoder), maxDocuments: decoding.readVarUint(decoder), maxAnswerBytes: decoding.readVarUint(decoder) }
}

export function encodeFetch(request: number, documents: readonly FetchRequest[]): Uint8Array {
  return encodeDocuments(
    [MESSAGE.fetch, FETCH_VERSION, request],
    documents.map(({ document, stateVector }) => [document, stateVector]),
  )
}

/** A frame of varUints (its type first), then a count of documents, each an id and a varUint8Array. */
function encodeDocuments(head: number[], documents: [string, Uint8Array][]): Uint8Array {
  const encoder = encoding.createEncoder()
  for (const value of head) encoding.writeVarUint(encoder, value)
  encoding.writeVarUint(encoder, documents.length)
  for (const [document, bytes] of documents) {
    encoding.writeVarString(encoder, document)
    encoding.writeVarUint8Array(encoder, bytes)
  }
  return encoding.toUint8Array(encoder)
}

/**
 * Reads a MESSAGE.fetch frame whose type has already been read, to its end. Throws MalformedFrame for
 * a frame cut short, of an unknown version, with a document id no room can have, a state vector that
 * does not decode, or bytes after its end; returns null, reading no further, when it asks for more
 * than `maxDocuments`.
 */
export function readFetch(decoder: decoding.Decoder, maxDocuments: number): { request: number; documents: FetchRequest[] } | null {
  return decoded(() => {
    const version = decoding.readVarUint(decoder)
    if (version !== FETCH_VERSION) throw new MalformedFrame(`fetch frames of version ${version} are not known`)
    const request = decoding.readVarUint(decoder)
    const count = decoding.readVarUint(decoder)
    if (count > maxDocuments) return null
    const documents: FetchRequest[] = []
    for (let n = 0; n < count; n += 1) {
      const document = decoding.readVarString(decoder)
      if (!isRoomDocumentId(document)) throw new MalformedFrame('a document id no room can have')
      const stateVector = decoding.readVarUint8Array(decoder)
      Y.decodeStateVector(stateVector)
      documents.push({ document, stateVector })
    }
    expectEnd(decoder)
    return { request, documents }
  })
}

export function encodeFetched(request: number, documents: readonly FetchedDocument[]): Uint8Array {
  return encodeDocuments(
    [MESSAGE.fetched, request],
    documents.map(({ document, update }) => [document, update]),
  )
}

/** Reads a MESSAGE.fetched frame whose type has already been read. */
export function readFetched(decoder: decoding.Decoder): { request: number; documents: FetchedDocument[] } {
  const request = decoding.readVarUint(decoder)
  const count = decoding.readVarUint(decoder)
  const documents: FetchedDocument[] = []
  for (let n = 0; n < count; n += 1) documents.push({ document: decoding.readVarString(decoder), update: decoding.readVarUint8Array(decoder) })
  return { request, documents }
}
