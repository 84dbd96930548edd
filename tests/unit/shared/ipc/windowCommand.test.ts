import { describe, expect, it } from 'vitest'
import { readWindowCommand, WINDOW_COMMAND_EVENT, type WindowCommand, windowCommandScript } from '../../../../src/shared/ipc/windowCommand.js'
import { inviteLink } from '../../../../src/shared/protocol/inviteLink.js'

/** Runs the script as the page would, on a window of its own, and says what detail its event carried. */
function run(script: string): unknown {
  const window = new EventTarget()
  const details: unknown[] = []
  window.addEventListener(WINDOW_COMMAND_EVENT, (event) => details.push((event as CustomEvent).detail))
  new Function('window', script)(window)
  expect(details).toHaveLength(1)
  return details[0]
}

describe('windowCommandScript', () => {
  it('dispatches the command as its event’s detail', () => {
    const command: WindowCommand = { type: 'app-command', command: 'import' }
    expect(run(windowCommandScript(command))).toEqual(command)
  })

  it('carries a hostile link as text, never as code', () => {
    const hostile = `casebook://join?relay=wss%3A%2F%2Fr.example&invite=x"}));globalThis.pwned=1;//</script>\u2028`
    const detail = run(windowCommandScript({ type: 'invite-link', link: hostile }))
    expect(detail).toEqual({ type: 'invite-link', link: hostile })
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined()
  })
})

describe('readWindowCommand', () => {
  it('takes the menu’s commands and refuses others', () => {
    expect(readWindowCommand({ type: 'app-command', command: 'close-document' })).toEqual({ type: 'app-command', command: 'close-document' })
    expect(readWindowCommand({ type: 'app-command', command: 'delete-everything' })).toBeNull()
    expect(readWindowCommand({ type: 'reload' })).toBeNull()
    expect(readWindowCommand('import')).toBeNull()
    expect(readWindowCommand(null)).toBeNull()
  })

  it('takes an invite link only, in Casebook’s own form', () => {
    const link = inviteLink('wss://relay.example.org', 'eyJ.a.b')
    expect(readWindowCommand({ type: 'invite-link', link: ` ${link} ` })).toEqual({ type: 'invite-link', link })
    expect(readWindowCommand({ type: 'invite-link', link: 'casebook://app/index.html' })).toBeNull()
    expect(readWindowCommand({ type: 'invite-link', link: 'https://example.org/?invite=x' })).toBeNull()
    expect(readWindowCommand({ type: 'invite-link', link: 42 })).toBeNull()
  })
})
