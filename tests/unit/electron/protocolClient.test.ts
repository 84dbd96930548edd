import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { INVITE_SCHEME, protocolClientCommand } from '../../../src/main/electron/protocolClient.js'
import { inviteLink } from '../../../src/shared/protocol/inviteLink.js'
import { APP_SCHEME } from '../../../src/main/electron/security.js'

describe('the invite scheme’s registration with the OS', () => {
  it('is the invite links’ scheme, not the page’s', () => {
    expect(inviteLink('wss://relay.example.org', 't').startsWith(`${INVITE_SCHEME}://`)).toBe(true)
    expect(APP_SCHEME).not.toBe(INVITE_SCHEME)
  })

  it('names no program for a packaged app, which is its own', () => {
    expect(protocolClientCommand({ execPath: '/opt/Casebook/casebook', argv: ['/opt/Casebook/casebook', '--no-sandbox'] }, resolve)).toBeNull()
  })

  it('names Electron’s binary and the app’s resolved path for a development run', () => {
    const command = protocolClientCommand(
      { defaultApp: true, execPath: '/repo/node_modules/electron/dist/electron', argv: ['/repo/node_modules/electron/dist/electron', 'dist/electron/main.js'] },
      (path) => `/repo/${path}`,
    )
    expect(command).toEqual({ path: '/repo/node_modules/electron/dist/electron', args: ['/repo/dist/electron/main.js'] })
  })
})
