import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { MalformedFrame, decoded, expectEnd } from './malformedFrame.js'
import { MESSAGE } from './messages.js'

/**
 * A y-protocols sync frame, read: step 1 carries a state vector (the other side asks for what it
 * lacks), step 2 the answer, and an update a change made since. An update's bytes are not decoded
 * here: see applyDecoded, and the relay's countItems.
 */
export type SyncFrame = { step: 'step1'; stateVector: Uint8Array } | { step: 'step2' | 'update'; update: Uint8Array }

/** A sync step 1 frame: the doc's state vector, asking the other side for what it lacks. */
export function encodeSyncStep1(doc: Y.Doc): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.sync)
  syncProtocol.writeSyncStep1(encoder, doc)
  return encoding.toUint8Array(encoder)
}

/** A sync step 2 frame: the answer to a step 1, an update holding what the other side lacked. */
export function encodeSyncStep2(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.sync)
  encoding.writeVarUint(encoder, syncProtocol.messageYjsSyncStep2)
  encoding.writeVarUint8Array(encoder, update)
  return encoding.toUint8Array(encoder)
}

/** A sync update frame: a change made since the handshake. */
export function encodeUpdate(update: Uint8Array): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, MESSAGE.sync)
  syncProtocol.writeUpdate(encoder, update)
  return encoding.toUint8Array(encoder)
}

/**
 * Reads a sync frame whose type (MESSAGE.sync) has already been read, to its end; a step 1's state
 * vector is decoded too. Throws MalformedFrame for a frame cut short, an unknown step, a state vector
 * that does not decode, or bytes after the end.
 */
export function readSyncFrame(decoder: decoding.Decoder): SyncFrame {
  const { step, payload } = decoded(() => ({ step: decoding.readVarUint(decoder), payload: decoding.readVarUint8Array(decoder) }))
  expectEnd(decoder)
  switch (step) {
    case syncProtocol.messageYjsSyncStep1:
      decoded(() => Y.decodeStateVector(payload))
      return { step: 'step1', stateVector: payload }
    case syncProtocol.messageYjsSyncStep2:
      return { step: 'step2', update: payload }
    case syncProtocol.messageYjsUpdate:
      return { step: 'update', update: payload }
    default:
      throw new MalformedFrame(`sync step ${step}`)
  }
}
