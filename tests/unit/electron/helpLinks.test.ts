import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { helpLinks } from '../../../src/main/electron/helpLinks.js'

const PACKAGE_JSON = readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')

describe('where the Help menu sends the user', () => {
  it('reads the documentation from package.json’s homepage', () => {
    expect(helpLinks(PACKAGE_JSON, { version: '0.1.0', os: 'Linux 6.8.0 (x64)' }).documentation).toBe('https://casebook.c40.org')
  })

  it('writes a problem report to package.json’s bugs address, with the version and the system, and nothing else of the machine', () => {
    const report = new URL(helpLinks(PACKAGE_JSON, { version: '0.1.0', os: 'Windows_NT 10.0.22631 (x64)' }).problemReport)
    expect(report.protocol).toBe('mailto:')
    expect(report.pathname).toBe('casebook@c40.org')
    expect(report.searchParams.get('subject')).toBe('A problem with Casebook 0.1.0')
    const body = report.searchParams.get('body') ?? ''
    expect(body.split('\r\n')).toEqual([
      'What happened, and what did you expect? (Please leave out invite links and tokens: they let whoever has them join your network.)',
      '',
      '',
      '--',
      'Casebook 0.1.0',
      'Windows_NT 10.0.22631 (x64)',
    ])
    // Spaces as %20, not +, which mail programs show as it is.
    expect(report.search).not.toContain('+')
  })

  it('refuses a package.json without an https homepage or a bugs email', () => {
    const about = { version: '0.1.0', os: 'Linux' }
    expect(() => helpLinks(JSON.stringify({ homepage: 'http://casebook.c40.org', bugs: { email: 'casebook@c40.org' } }), about)).toThrow()
    expect(() => helpLinks(JSON.stringify({ homepage: 'https://casebook.c40.org', bugs: { url: 'https://casebook.c40.org/support' } }), about)).toThrow()
  })
})
