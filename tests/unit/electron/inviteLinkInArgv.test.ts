import { describe, expect, it } from 'vitest'
import { inviteLinkInArgv } from '../../../src/main/electron/inviteLinkInArgv.js'
import { inviteLink } from '../../../src/shared/protocol/inviteLink.js'

const LINK = inviteLink('wss://relay.example.org', 'eyJhbGciOiJIUzI1NiJ9.eyJuZXQiOiJicnQifQ.c2lnbmF0dXJl-_')

describe('the invite link among a launch’s arguments', () => {
  it('is found after the program, its path and Chromium’s flags, on each platform', () => {
    expect(inviteLinkInArgv(['C:\\Program Files\\Casebook\\Casebook.exe', '--allow-file-access-from-files', LINK])).toBe(LINK)
    expect(inviteLinkInArgv(['/opt/Casebook/casebook', '--no-sandbox', LINK, '--enable-features=X'])).toBe(LINK)
    // A development run: Electron's binary, then the app's path.
    expect(inviteLinkInArgv(['/repo/node_modules/electron/dist/electron', '/repo/dist/electron/main.js', LINK])).toBe(LINK)
  })

  it('is the last of two links', () => {
    const other = inviteLink('wss://other.example.org', 'b.c.d')
    expect(inviteLinkInArgv(['casebook', LINK, other])).toBe(other)
  })

  it('is none among flags, paths, the page’s own scheme, a web address or a link that is not an invite', () => {
    expect(inviteLinkInArgv(['/opt/Casebook/casebook'])).toBeNull()
    expect(
      inviteLinkInArgv([
        '/opt/Casebook/casebook',
        '--no-sandbox',
        `--flag=${LINK}`,
        'casebook-app://app/index.html',
        LINK.replace('casebook://', 'casebook-app://'),
        LINK.replace('casebook://', 'https://casebook.c40.org/'),
        LINK.replace('join', 'workshop'),
        'casebook://join?relay=wss%3A%2F%2Frelay.example.org',
        '/home/ana/casebook://join',
      ]),
    ).toBeNull()
  })
})
