import type { TFunction } from 'i18next'
import type { Key } from '../i18n/keys.js'
import { endTime } from './endTime.js'
import type { JoinRefused } from './joinWorkshop.js'

const REFUSALS: Record<Exclude<JoinRefused['reason'], 'workshopEnded'>, Key> = {
  noWorkshop: 'guest.refused.noWorkshop',
  workshopFull: 'guest.refused.workshopFull',
  tooManyTries: 'guest.refused.tooManyTries',
  badRequest: 'guest.refused.badRequest',
  unreachable: 'guest.refused.unreachable',
  unexpected: 'guest.refused.unexpected',
}

/** Why the code could not be exchanged, in the page's language. */
export function refusalText(t: TFunction, language: string, refused: JoinRefused): string {
  if (refused.reason !== 'workshopEnded') return t(REFUSALS[refused.reason])
  return refused.endedAt === undefined ? t('guest.endedEarlier') : t('guest.ended', { time: endTime(language, refused.endedAt) })
}
