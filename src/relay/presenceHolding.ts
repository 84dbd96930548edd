import type { Awareness } from 'y-protocols/awareness'
import type { AnnouncedClients } from '../shared/protocol/announcedClients.js'

/**
 * A connection's awareness client ids: those it holds a state for, and every one it has set
 * (MAX_PRESENCE_IDS_PER_CONNECTION at most), whose clocks the room keeps until it leaves.
 */
export interface Presences {
  held: AnnouncedClients
  announced: Set<number>
}

/**
 * The client ids with a state that one connection will hold once the relay's awareness has applied a
 * frame, counted entry by entry as the guard reads it, never fewer than it will really hold. It goes
 * by what y-protocols applies: a state with a newer clock than the relay's (an echo at the same clock
 * changes nothing, so a device echoing another's presence takes none of it), and a withdrawal at the
 * relay's clock or newer.
 */
export class PresenceHolding {
  private readonly holding: Set<number>
  /** Every id the connection will have set, this frame's included. */
  private readonly announcing: Set<number>
  /** Ids this frame sets: whether a later withdrawal of one in the frame applies depends on their clocks. */
  private readonly setInFrame = new Set<number>()

  constructor(
    { held, announced }: Presences,
    private readonly awareness: Awareness,
  ) {
    // Ids the relay's awareness timed out are held no more, though the room still lists them.
    this.holding = new Set([...held].filter((client) => awareness.states.has(client)))
    this.announcing = new Set(announced)
  }

  /** How many distinct ids the connection will have set. */
  get announced(): number {
    return this.announcing.size
  }

  /** Counts a state set for `client`, and returns how many ids the connection then holds. */
  set(client: number, clock: number): number {
    if (clock > this.clockOf(client)) {
      this.holding.add(client)
      this.announcing.add(client)
      this.setInFrame.add(client)
    }
    return this.holding.size
  }

  withdraw(client: number, clock: number): void {
    if (!this.setInFrame.has(client) && clock >= this.clockOf(client)) this.holding.delete(client)
  }

  private clockOf(client: number): number {
    return this.awareness.meta.get(client)?.clock ?? 0
  }
}
