import { describe, expect, it } from 'vitest'
import { PendingInviteLink } from '../../../src/main/electron/pendingInviteLink.js'

describe('an invite link on its way to the window’s page', () => {
  it('is kept until the page has loaded, then sent once', () => {
    const pending = new PendingInviteLink()
    const sent: string[] = []
    pending.receive('casebook://join?one')
    expect(sent).toEqual([])
    pending.loaded((link) => sent.push(link))
    expect(sent).toEqual(['casebook://join?one'])
    // Loaded again (a reload): nothing is sent twice.
    pending.unloaded()
    pending.loaded((link) => sent.push(link))
    expect(sent).toEqual(['casebook://join?one'])
  })

  it('is sent at once while the page is loaded', () => {
    const pending = new PendingInviteLink()
    const sent: string[] = []
    pending.loaded((link) => sent.push(link))
    pending.receive('casebook://join?one')
    pending.receive('casebook://join?two')
    expect(sent).toEqual(['casebook://join?one', 'casebook://join?two'])
  })

  it('is kept while the page is gone, the latest in place of an earlier one, for the next page', () => {
    const pending = new PendingInviteLink()
    const first: string[] = []
    const second: string[] = []
    pending.loaded((link) => first.push(link))
    pending.unloaded()
    pending.receive('casebook://join?one')
    pending.receive('casebook://join?two')
    pending.loaded((link) => second.push(link))
    expect(first).toEqual([])
    expect(second).toEqual(['casebook://join?two'])
  })
})
