import type { Member } from '../shared/protocol/messages.js'
import type { RoomChange } from './documentStore.js'

/**
 * What one relay instance tells the others (docs/PROTOCOL.md, Several relays). An applied update or
 * awareness change is fanned out by each instance to its own clients and never published again; a
 * state vector asked for after a room loads, or after the bus reconnects, is answered to the
 * instance that asked alone.
 */
export type BusMessage =
  /** `n` counts the updates its instance has published, this one included (see `stored`). */
  | { type: 'update'; room: string; update: Uint8Array; n: number }
  | { type: 'awareness'; room: string; update: Uint8Array }
  /** Rooms whose updates became durable, for the networks' feeds. */
  | { type: 'changed'; changes: RoomChange[] }
  /**
   * Every update the instance published up to its `n` = `upTo` is durable: the others may forget
   * them. One it never says so of (it died first) another instance stores, as it holds it too.
   */
  | { type: 'stored'; upTo: number }
  /** Who is online in a network changed on some instance: read them again. */
  | { type: 'members'; network: string }
  /** An instance loaded a room (or reconnected): what its state vector lacks, please; and, if `mutual`, ask me for what I have. */
  | { type: 'syncAsk'; room: string; stateVector: Uint8Array; mutual: boolean }
  /** The answer to `syncAsk`, for the instance `to` alone. */
  | { type: 'syncReply'; room: string; update: Uint8Array; to: string }

/** Fan-out between relay instances: in-process (LocalBus) for one, Redis (RedisBus) for several. */
export interface Bus {
  /** This instance's id, unique among those running. */
  readonly instance: string
  /** Whether messages from other instances may have been missed (Redis down): limits are then counted locally. */
  readonly connected: boolean
  /** Sends a message to every other instance: best effort, never awaited. */
  publish(message: BusMessage): void
  /** Calls `receive` with each message another instance published, in the order it published them. */
  subscribe(receive: (message: BusMessage, from: string) => void): void
  /** Calls `then` each time the bus comes back after being down: what was published meanwhile is lost. */
  onReconnect(then: () => void): void
  /**
   * Records who is online in a network on this instance (`here`), and resolves with who is online in
   * it on every instance still alive, this one included.
   */
  members(network: string, here: readonly Member[]): Promise<Member[]>
  close(): Promise<void>
}
