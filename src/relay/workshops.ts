import type { Guest, NewWorkshop, Workshop } from './workshopStore.js'

/**
 * The workshops and their guests: in SQLite beside the documents (WorkshopStore), or in Postgres
 * (PgWorkshops) for several relay processes. `casebook workshop start` writes one from another
 * process; the relay reads them at each join and connection, so it sees it at once.
 */
export interface Workshops {
  start(workshop: NewWorkshop): Promise<Workshop>
  find(code: string): Promise<Workshop | null>
  /** Ends a workshop at `at`, unless it had ended already (early, or by its end time). */
  end(code: string, at: number): Promise<void>
  /** Seats a guest unless the workshop has ended or is full, in one transaction; says which if so. */
  seat(code: string, guest: Guest, capacity: number): Promise<'workshopEnded' | 'workshopFull' | null>
  /** The guests not removed, in the order they joined. */
  guests(code: string): Promise<Guest[]>
  /** Marks a guest of the workshop removed; false when it has no such guest (or removed them already). */
  remove(code: string, guestId: string, at: number): Promise<boolean>
}
