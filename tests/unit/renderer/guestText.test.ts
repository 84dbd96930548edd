import { describe, expect, it } from 'vitest'
import { endingText } from '../../../src/renderer/guest/endingText.js'
import { endTime } from '../../../src/renderer/guest/endTime.js'
import { JoinRefused } from '../../../src/renderer/guest/joinWorkshop.js'
import { refusalText } from '../../../src/renderer/guest/refusalText.js'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { englishT } from '../../helpers/englishT.js'

const endsAt = new Date(2026, 10, 28, 16, 30).getTime()
const ticket = { token: 'x.y.z', network: 'brt', document: 'notes', code: 'K7Q42MXR', endsAt }
const early = new Date(2026, 10, 28, 15, 5).getTime()

describe('what the guest page says', () => {
  it('writes the end time as the language does', () => {
    expect(endTime('en', endsAt)).toBe('4:30 PM')
    expect(endTime('fr', endsAt)).toBe('16:30')
  })

  it('of the relay’s close: the workshop’s end (early, or at its end time), a removal, and the rest, with a way to join again where that may help', async () => {
    const t = await englishT()
    const said = (code: number, at: number) => endingText(t, 'en', { code, at }, ticket)
    expect(said(CLOSE.workshopEnded.code, early)).toEqual({ text: 'This workshop ended at 3:05 PM.', joinAgain: false })
    // The relay notices the end time on its next sweep: the end is the end time, not the close.
    expect(said(CLOSE.workshopEnded.code, endsAt + 900)).toEqual({ text: 'This workshop ended at 4:30 PM.', joinAgain: false })
    expect(said(CLOSE.removedFromWorkshop.code, early)).toEqual({ text: 'The facilitator removed you from this workshop.', joinAgain: false })
    expect(said(CLOSE.wrongDocument.code, early).text).toBe('Your access to this workshop does not open this document.')
    expect(said(CLOSE.tokenInvalid.code, early)).toEqual({ text: expect.stringMatching(/^The relay did not recognize/), joinAgain: true })
    expect(said(CLOSE.documentTooLarge.code, early)).toEqual({ text: expect.stringMatching(/^The relay closed the connection/), joinAgain: true })
  })

  it('of a refused join, in a sentence each', async () => {
    const t = await englishT()
    const said = (refused: JoinRefused) => refusalText(t, 'en', refused)
    expect(said(new JoinRefused('noWorkshop'))).toBe('No workshop has this code.')
    expect(said(new JoinRefused('workshopEnded', endsAt))).toBe('This workshop ended at 4:30 PM.')
    expect(said(new JoinRefused('workshopEnded'))).toBe('This workshop has ended.')
    expect(said(new JoinRefused('workshopFull'))).toBe('This workshop is full: no one else can join it.')
    expect(said(new JoinRefused('tooManyTries'))).toMatch(/^Too many tries/)
    expect(said(new JoinRefused('badRequest'))).toMatch(/^Give a name/)
    expect(said(new JoinRefused('unreachable'))).toMatch(/could not be reached/)
    expect(said(new JoinRefused('unexpected'))).toMatch(/^Joining failed/)
  })
})
