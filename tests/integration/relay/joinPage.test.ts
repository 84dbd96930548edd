import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { invitePageLink } from '../../../src/shared/protocol/inviteLink.js'
import { useRelays } from '../../helpers/relay.js'
import { rawGet } from '../../helpers/relayWorkshops.js'
import { useTempDirs } from '../../helpers/tempDir.js'

// The relay's default guest folder, which the build (the tests' global setup) writes the invite page into.
const GUEST = join(import.meta.dirname, '../../../dist/guest')
const PAGE = readFileSync(join(GUEST, 'join.html'))

/** The page's Content-Security-Policy: its own script and style sheet, and no network at all. */
const POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'none'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')

describe("the relay's invite page", () => {
  const relays = useRelays()
  const dirs = useTempDirs()

  it('is served at /join with a strict CSP, no cache, no referrer and nosniff, the same whatever the request holds', async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    // A link whose invite was put in the query by mistake: the page is the same, and the log holds no token (useRelays checks).
    const misplaced = invitePageLink(relay.url, token).replace('#', '?')
    for (const path of ['/join', misplaced.slice(relay.http.length)]) {
      const answer = await rawGet(relay, path)
      expect(answer.status).toBe(200)
      expect(answer.body).toEqual(PAGE)
      expect(answer.headers).toMatchObject({
        'content-type': 'text/html; charset=utf-8',
        'content-security-policy': POLICY,
        'cache-control': 'no-store',
        'referrer-policy': 'no-referrer',
        'x-content-type-options': 'nosniff',
      })
    }
    expect(PAGE.toString()).toContain('<script type="module" src="join/join.js"></script>')
    expect(PAGE.toString()).not.toMatch(/<script(?![^>]*\bsrc=)|<style|\sstyle=|\son[a-z]+=|javascript:/i)
    const metrics = await fetch(`${relay.http}/metrics`, { headers: { authorization: `Bearer ${relay.metricsToken}` } })
    expect(await metrics.text()).not.toContain(token.split('.')[2])
  })

  it('answers HEAD as GET without the page, and any other method with 405', async () => {
    const relay = await relays.start()
    const head = await fetch(`${relay.http}/join`, { method: 'HEAD' })
    expect(head.status).toBe(200)
    expect(head.headers.get('content-security-policy')).toBe(POLICY)
    expect(await head.text()).toBe('')
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const refused = await fetch(`${relay.http}/join`, { method })
      expect(refused.status).toBe(405)
      expect(refused.headers.get('allow')).toBe('GET, HEAD')
      expect(await refused.text()).toBe('The invite page is read with GET.\n')
    }
  })

  it.each([
    ['join.js', 'text/javascript; charset=utf-8'],
    ['join.css', 'text/css; charset=utf-8'],
  ])('serves its /join/%s as %s', async (file, type) => {
    const relay = await relays.start()
    const answer = await rawGet(relay, `/join/${file}`)
    expect(answer.status).toBe(200)
    expect(answer.headers).toMatchObject({ 'content-type': type, 'x-content-type-options': 'nosniff', 'cache-control': 'no-cache' })
    expect(answer.body).toEqual(readFileSync(join(GUEST, file)))
  })

  it('serves nothing else under /join', async () => {
    const relay = await relays.start()
    for (const path of ['/join/', '/join/join.html', '/join/guest.js', '/join/../join.html', '/join/%2e%2e%2frelay.sqlite', '/join/join.js/x', '/joined']) {
      const answer = await rawGet(relay, path)
      expect(answer.status, path).toBe(404)
      expect(answer.body.toString()).toBe('Not found\n')
    }
  })

  it('says so when it is not built', async () => {
    const relay = await relays.start({ args: ['--guest-dir', dirs.make()] })
    const answer = await rawGet(relay, '/join')
    expect(answer.status).toBe(404)
    expect(answer.body.toString()).toBe('The invite page is not built; run npm run build.\n')
    expect((await rawGet(relay, '/join/join.js')).status).toBe(404)
  })
})
