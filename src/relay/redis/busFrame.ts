import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import type { BusMessage } from '../bus.js'

/** A message on the Redis channel, with the instance that published it. */
export interface BusFrame {
  from: string
  message: BusMessage
}

/** Each message type's number on the wire: a frame costs a byte for its type, not its name. */
const TYPES = ['update', 'awareness', 'changed', 'members', 'syncAsk', 'syncReply', 'stored'] as const satisfies readonly BusMessage['type'][]

/**
 * A message in binary (lib0 encoding), as every update crosses Redis once per instance: its bytes
 * as they are, where JSON would spell each one out in decimal.
 */
export function encodeBusFrame(from: string, message: BusMessage): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, TYPES.indexOf(message.type))
  encoding.writeVarString(encoder, from)
  switch (message.type) {
    case 'update':
      encoding.writeVarString(encoder, message.room)
      encoding.writeVarUint8Array(encoder, message.update)
      encoding.writeVarUint(encoder, message.n)
      break
    case 'stored':
      encoding.writeVarUint(encoder, message.upTo)
      break
    case 'awareness':
      encoding.writeVarString(encoder, message.room)
      encoding.writeVarUint8Array(encoder, message.update)
      break
    case 'changed':
      encoding.writeVarUint(encoder, message.changes.length)
      for (const { room, seq } of message.changes) {
        encoding.writeVarString(encoder, room)
        encoding.writeVarUint(encoder, seq)
      }
      break
    case 'members':
      encoding.writeVarString(encoder, message.network)
      break
    case 'syncAsk':
      encoding.writeVarString(encoder, message.room)
      encoding.writeVarUint8Array(encoder, message.stateVector)
      encoding.writeUint8(encoder, message.mutual ? 1 : 0)
      break
    case 'syncReply':
      // First, so that every other instance can drop the frame before reading the update.
      encoding.writeVarString(encoder, message.to)
      encoding.writeVarString(encoder, message.room)
      encoding.writeVarUint8Array(encoder, message.update)
      break
  }
  return encoding.toUint8Array(encoder)
}

/**
 * The frame's sender and message, or null for a frame this instance should not read: its own, or a
 * reply to another instance. Throws on a frame that is not one (a bug, or another program on the channel).
 */
export function decodeBusFrame(frame: Uint8Array, instance: string): BusFrame | null {
  const decoder = decoding.createDecoder(frame)
  const type = TYPES[decoding.readVarUint(decoder)]
  const from = decoding.readVarString(decoder)
  if (from === instance) return null
  switch (type) {
    case 'update':
      return { from, message: { type, room: decoding.readVarString(decoder), update: decoding.readVarUint8Array(decoder), n: decoding.readVarUint(decoder) } }
    case 'stored':
      return { from, message: { type, upTo: decoding.readVarUint(decoder) } }
    case 'awareness':
      return { from, message: { type, room: decoding.readVarString(decoder), update: decoding.readVarUint8Array(decoder) } }
    case 'changed': {
      const changes = []
      for (let count = decoding.readVarUint(decoder); count > 0; count -= 1) {
        changes.push({ room: decoding.readVarString(decoder), seq: decoding.readVarUint(decoder) })
      }
      return { from, message: { type, changes } }
    }
    case 'members':
      return { from, message: { type, network: decoding.readVarString(decoder) } }
    case 'syncAsk':
      return {
        from,
        message: { type, room: decoding.readVarString(decoder), stateVector: decoding.readVarUint8Array(decoder), mutual: decoding.readUint8(decoder) === 1 },
      }
    case 'syncReply': {
      const to = decoding.readVarString(decoder)
      if (to !== instance) return null
      return { from, message: { type, to, room: decoding.readVarString(decoder), update: decoding.readVarUint8Array(decoder) } }
    }
    default:
      throw new Error('The bus frame has an unknown type.')
  }
}
