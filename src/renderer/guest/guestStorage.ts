import type { WorkshopTicket } from '../../shared/protocol/workshops.js'
import { readTicket } from './joinWorkshop.js'
import { attempt } from '../shared/attempt.js'

/**
 * What the guest page keeps in the browser: the name, for the next workshop (localStorage); and, for
 * this tab only (sessionStorage, keyed by the code), the ticket, so that a reload does not exchange
 * the code again, the caret's colour, and how the session ended, once it has. Never in the address.
 * A browser that refuses storage keeps nothing: the page still works until it is reloaded.
 */
const NAME_KEY = 'casebook.guest.name'
const visitKey = (code: string) => `casebook.guest.visit.${code}`

export interface GuestVisit {
  ticket: WorkshopTicket
  color: string
  /** The relay's close code that ended it, and when. */
  ended?: { code: number; at: number }
}

export function rememberedName(): string {
  return attempt(() => localStorage.getItem(NAME_KEY)) ?? ''
}

export function rememberName(name: string): void {
  attempt(() => localStorage.setItem(NAME_KEY, name))
}

export function storedVisit(code: string): GuestVisit | null {
  const stored = attempt(() => sessionStorage.getItem(visitKey(code)))
  if (!stored) return null
  const value = attempt(() => JSON.parse(stored) as Record<string, unknown>)
  const ticket = readTicket(value?.['ticket'])
  if (!ticket || ticket.code !== code || typeof value?.['color'] !== 'string') return null
  const ended = value['ended'] as GuestVisit['ended'] | undefined
  const endedOk = typeof ended?.code === 'number' && typeof ended.at === 'number'
  return { ticket, color: value['color'], ...(endedOk ? { ended } : {}) }
}

export function storeVisit(visit: GuestVisit): void {
  attempt(() => sessionStorage.setItem(visitKey(visit.ticket.code), JSON.stringify(visit)))
}

export function forgetVisit(code: string): void {
  attempt(() => sessionStorage.removeItem(visitKey(code)))
}
