import { describe, expect, it } from 'vitest'
import { readWindowCommand, WINDOW_COMMAND_EVENT, type WindowCommand, windowCommandScript } from '../../../../src/shared/ipc/windowCommand.js'
import { inviteLink } from '../../../../src/shared/protocol/inviteLink.js'

/** Runs the script as the page would, on a window of its own, and says what it was given and whether it was told. */
function run(script: string, window: EventTarget & { casebookCommands?: unknown[] } = new EventTarget()) {
  let told = 0
  window.addEventListener(WINDOW_COMMAND_EVENT, () => told++)
  new Function('window', script)(window)
  return { given: window.casebookCommands, told }
}

describe('windowCommandScript', () => {
  it('keeps the command for the page and tells it', () => {
    const command: WindowCommand = { type: 'app-command', command: 'import' }
    expect(run(windowCommandScript(command))).toEqual({ given: [command], told: 1 })
    // Kept after those not yet done.
    const window = Object.assign(new EventTarget(), { casebookCommands: [command] as unknown[] })
    expect(run(windowCommandScript({ type: 'app-command', command: 'about' }), window).given).toEqual([command, { type: 'app-command', command: 'about' }])
  })

  it('carries a hostile link as text, never as code', () => {
    const hostile = `casebook://join?relay=wss%3A%2F%2Fr.example&invite=x"}));globalThis.pwned=1;//</script>\u2028`
    expect(run(windowCommandScript({ type: 'invite-link', link: hostile })).given).toEqual([{ type: 'invite-link', link: hostile }])
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
