import type { TFunction } from 'i18next'
import { CLOSE } from '../../shared/protocol/closeCodes.js'
import { type WorkshopTicket, workshopEndOf } from '../../shared/protocol/workshops.js'
import type { Key } from '../i18n/keys.js'
import { endTime } from './endTime.js'
import type { Ending } from './GuestSession.js'

const ENDINGS: Record<number, Key> = {
  [CLOSE.wrongDocument.code]: 'guest.closed.wrongDocument',
  [CLOSE.tokenInvalid.code]: 'guest.closed.tokenInvalid',
}

/**
 * What the page says of the relay's close that ended the guest's part, in its language; and whether
 * joining again with the code might help (not once the workshop ended, nor after the facilitator
 * removed them, though the code still admits anyone who opens the link while the workshop runs).
 */
export function endingText(t: TFunction, language: string, ending: Ending, ticket: WorkshopTicket): { text: string; joinAgain: boolean } {
  const end = workshopEndOf(ending.code)
  if (end === 'ended') return { text: t('guest.ended', { time: endTime(language, Math.min(ending.at, ticket.endsAt)) }), joinAgain: false }
  if (end === 'removed') return { text: t('guest.closed.removed'), joinAgain: false }
  return { text: t(ENDINGS[ending.code] ?? 'guest.closed.other'), joinAgain: true }
}
