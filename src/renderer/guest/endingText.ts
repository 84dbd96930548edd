import type { TFunction } from 'i18next'
import { CLOSE } from '../../shared/protocol/closeCodes.js'
import type { WorkshopTicket } from '../../shared/protocol/workshops.js'
import type { Key } from '../i18n/keys.js'
import { endTime } from './endTime.js'
import type { Ending } from './GuestSession.js'

const ENDINGS: Record<number, Key> = {
  [CLOSE.removedFromWorkshop.code]: 'guest.closed.removed',
  [CLOSE.tokenExpired.code]: 'guest.closed.expired',
  [CLOSE.tokenRevoked.code]: 'guest.closed.revoked',
  [CLOSE.wrongDocument.code]: 'guest.closed.wrongDocument',
  [CLOSE.tokenInvalid.code]: 'guest.closed.tokenInvalid',
}

/**
 * What the page says of the relay's close that ended the guest's part, in its language; and whether
 * joining again with the code might help (not once the workshop ended, nor after the facilitator
 * removed them). A token that expired at the workshop's end is the workshop ending.
 */
export function endingText(t: TFunction, language: string, ending: Ending, ticket: WorkshopTicket): { text: string; joinAgain: boolean } {
  const ended = ending.code === CLOSE.workshopEnded.code || (ending.code === CLOSE.tokenExpired.code && ending.at >= ticket.endsAt)
  if (ended) return { text: t('guest.ended', { time: endTime(language, Math.min(ending.at, ticket.endsAt)) }), joinAgain: false }
  const key = ENDINGS[ending.code]
  return { text: t(key ?? 'guest.closed.other'), joinAgain: ending.code !== CLOSE.removedFromWorkshop.code }
}
