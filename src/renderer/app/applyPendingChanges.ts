import type { DocumentRow, PlaceChange } from '../../shared/ipc/contract.js'
import { applyPlaceChange } from './applyPlaceChange.js'

/**
 * A place's list as answered, with the changes told while the answer was on its way applied in order.
 * The answer may or may not already hold each of them (an event can overtake the reply); a change
 * carries whole current rows, so applying one the answer holds changes nothing.
 */
export function applyPendingChanges(answer: DocumentRow[], pending: PlaceChange[]): DocumentRow[] {
  return pending.reduce(applyPlaceChange, answer)
}
