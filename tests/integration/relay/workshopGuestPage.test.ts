import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { type RelayProcess, useRelays } from '../../helpers/relay.js'
import { rawGet } from '../../helpers/relayWorkshops.js'
import { useTempDirs } from '../../helpers/tempDir.js'

const PAGE = '<!doctype html><title>Join</title><script type="module" src="/w/assets/guest.js"></script>'

/** What the guest page's Content-Security-Policy says, written out: connect-src is the relay alone. */
function expectedPolicy(webSocketOrigin: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "style-src-attr 'unsafe-inline'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${webSocketOrigin}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ')
}

describe('the guest page', () => {
  const relays = useRelays()
  const dirs = useTempDirs()

  /** A relay serving a guest folder with a page, its files, and files it must not serve. */
  async function relayWithPage(extraArgs: string[] = []): Promise<RelayProcess> {
    const guestDir = dirs.make()
    writeFileSync(join(guestDir, 'guest.html'), PAGE)
    writeFileSync(join(guestDir, 'guest.js'), 'export const guest = 1\n')
    writeFileSync(join(guestDir, 'guest.css'), 'body { margin: 0 }\n')
    writeFileSync(join(guestDir, 'inter-latin.woff2'), Buffer.from([0x77, 0x4f, 0x46, 0x32]))
    writeFileSync(join(guestDir, 'notes.txt'), 'not an asset\n')
    writeFileSync(join(guestDir, '.hidden.js'), 'hidden\n')
    mkdirSync(join(guestDir, 'chunks'))
    writeFileSync(join(guestDir, 'chunks', 'part.js'), 'part\n')
    return relays.start({ args: ['--guest-dir', guestDir, ...extraArgs] })
  }

  it('is served at /w/<code> (any code) with a strict CSP whose connect-src is this relay, no cache and no referrer', async () => {
    const relay = await relayWithPage()
    for (const path of ['/w/K7Q4-2MXR', '/w/k7q42mxr?from=projector', '/w/anything']) {
      const answer = await rawGet(relay, path)
      expect(answer.status).toBe(200)
      expect(answer.body.toString()).toBe(PAGE)
      expect(answer.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': expectedPolicy(`ws://127.0.0.1:${relay.port}`),
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
      })
    }
  })

  it('lets the page connect to the host it was asked for, and to nothing else when the Host header is not a host', async () => {
    const relay = await relayWithPage()
    const named = await rawGet(relay, '/w/K7Q4-2MXR', { host: 'relay.example.org' })
    expect(named.headers['content-security-policy']).toBe(expectedPolicy('ws://relay.example.org'))
    const injected = await rawGet(relay, '/w/K7Q4-2MXR', { host: "evil.example; script-src 'unsafe-inline'" })
    expect(injected.headers['content-security-policy']).toBe(expectedPolicy('').replace("connect-src 'self' ", "connect-src 'self'"))
  })

  it('names wss:// behind a reverse proxy it trusts that received the page over https', async () => {
    const relay = await relayWithPage(['--trust-proxy'])
    const proxied = await rawGet(relay, '/w/K7Q4-2MXR', { host: 'relay.example.org', 'x-forwarded-proto': 'https' })
    expect(proxied.headers['content-security-policy']).toBe(expectedPolicy('wss://relay.example.org'))
  })

  it.each([
    ['guest.js', 'text/javascript; charset=utf-8'],
    ['guest.css', 'text/css; charset=utf-8'],
    ['inter-latin.woff2', 'font/woff2'],
  ])('serves /w/assets/%s as %s', async (file, type) => {
    const relay = await relayWithPage()
    const answer = await rawGet(relay, `/w/assets/${file}`)
    expect(answer.status).toBe(200)
    expect(answer.headers).toMatchObject({ 'content-type': type, 'x-content-type-options': 'nosniff' })
    expect(answer.body.byteLength).toBeGreaterThan(0)
  })

  it.each([
    '/w/assets/../guest.html',
    '/w/assets/..%2fguest.html',
    '/w/assets/%2e%2e%2f%2e%2e%2frelay.sqlite',
    '/w/assets/..%5c..%5crelay.sqlite',
    '/w/assets/guest.html',
    '/w/assets/notes.txt',
    '/w/assets/.hidden.js',
    '/w/assets/chunks/part.js',
    '/w/assets/missing.js',
    '/w/assets/',
  ])('refuses %s', async (path) => {
    const relay = await relayWithPage()
    const answer = await rawGet(relay, path)
    expect(answer.status).toBe(404)
    expect(answer.body.toString()).toBe('Not found\n')
  })

  it('serves nothing but the page under /w/, whatever dots its path holds', async () => {
    const relay = await relayWithPage()
    const answer = await rawGet(relay, '/w/../../relay.sqlite')
    expect(answer.status).toBe(200)
    expect(answer.body.toString()).toBe(PAGE)
  })

  it('says so when it is not built', async () => {
    const relay = await relays.start({ args: ['--guest-dir', dirs.make()] })
    const answer = await rawGet(relay, '/w/K7Q4-2MXR')
    expect(answer.status).toBe(404)
    expect(answer.body.toString()).toBe('The guest page is not built; run npm run build.\n')
    expect((await rawGet(relay, '/w/assets/guest.js')).status).toBe(404)
  })
})
