import '../../helpers/animationFrames.js'
import { readFileSync } from 'node:fs'
import { get } from 'node:http'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import { CONTENT_SECURITY_POLICY } from '../../../src/main/electron/security.js'
import { DocumentPeer } from '../../../src/renderer/documentPeer.js'
import { connectToShell } from '../../../src/renderer/shellApi.js'
import { spawnCasebook, useChildren } from '../../helpers/child.js'
import type { Child } from '../../helpers/childProcess.js'
import { appendParagraph, paragraphs } from '../../helpers/documents.js'
import { useTempDirs } from '../../helpers/tempDir.js'
import { webSocketFrom } from '../../helpers/webSocketFrom.js'

/** Starts `casebook serve` (the built command line) on a temp data directory; resolves with its URL. */
async function serve(dataDir: string): Promise<{ child: Child; url: URL; secret: string }> {
  const child = spawnCasebook(['serve', '--data', dataDir])
  const line = await child.waitForLine((text) => text.startsWith('http://127.0.0.1:'))
  const url = new URL(line)
  return { child, url, secret: new URLSearchParams(url.hash.slice(1)).get('secret')! }
}

/** Whether the shell lets a WebSocket in, and the HTTP status it answers if not. */
function tryConnect(url: string, origin?: string, host?: string): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { ...(origin ? { origin } : {}), ...(host ? { headers: { host } } : {}) })
    ws.on('open', () => {
      ws.close()
      resolve(101)
    })
    ws.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0))
    ws.on('error', () => {})
  })
}

describe('the browser shell (casebook serve)', () => {
  useChildren()
  const dirs = useTempDirs('casebook-shell-')
  const dataDir = () => dirs.make()

  it('serves the page, and admits only its own origin with this launch’s secret', async () => {
    const { child, url, secret } = await serve(dataDir())
    const page = await fetch(url.origin)
    expect(page.status).toBe(200)
    // The desktop app's policy, but for the page's own WebSocket.
    expect(page.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY.replace("connect-src 'none'", `connect-src ws://${url.host}`))
    expect(await page.text()).toContain('<script type="module" src="app.js"></script>')
    expect((await fetch(`${url.origin}/app.js`)).status).toBe(200)
    expect((await fetch(`${url.origin}/%2e%2e/%2e%2e/package.json`)).status).toBe(404)

    const socket = (withSecret: string) => `ws://${url.host}/contract?secret=${encodeURIComponent(withSecret)}`
    expect(await tryConnect(socket(secret), url.origin)).toBe(101)
    expect(await tryConnect(socket('not-the-secret'), url.origin)).toBe(403)
    expect(await tryConnect(socket(''), url.origin)).toBe(403)
    expect(await tryConnect(socket(secret), 'http://evil.example')).toBe(403)
    expect(await tryConnect(socket(secret), `http://localhost:${url.port}`)).toBe(403)
    expect(await tryConnect(socket(secret))).toBe(403)
    expect(await tryConnect(`ws://${url.host}/elsewhere?secret=${secret}`, url.origin)).toBe(403)
    child.process.kill('SIGTERM')
    expect(await child.exited).toEqual({ code: 0, signal: null })
  })

  it('answers 421 to a page or WebSocket whose Host is not its own, as a DNS-rebinding site sends', async () => {
    const { child, url, secret } = await serve(dataDir())
    const page = (host: string) =>
      new Promise<{ status: number; csp: string; body: string }>((resolve, reject) => {
        get({ host: '127.0.0.1', port: url.port, path: '/', headers: { host } }, (response) => {
          let body = ''
          response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk))
          response.on('end', () => resolve({ status: response.statusCode ?? 0, csp: String(response.headers['content-security-policy'] ?? ''), body }))
        }).on('error', reject)
      })
    for (const host of [`evil.example:${url.port}`, 'evil.example', `127.0.0.1:${Number(url.port) + 1}`, `localhost.evil.example:${url.port}`]) {
      const refused = await page(host)
      expect(refused.status, host).toBe(421)
      expect(refused.body).not.toContain('<script')
    }
    const socket = `ws://${url.host}/contract?secret=${encodeURIComponent(secret)}`
    expect(await tryConnect(socket, `http://evil.example:${url.port}`, `evil.example:${url.port}`)).toBe(421)
    // Its own names work, each with its own origin.
    expect((await page(`127.0.0.1:${url.port}`)).status).toBe(200)
    const localhost = await page(`localhost:${url.port}`)
    expect(localhost.status).toBe(200)
    expect(localhost.csp).toContain(`connect-src ws://localhost:${url.port};`)
    expect(await tryConnect(socket, `http://localhost:${url.port}`, `localhost:${url.port}`)).toBe(101)
    expect(await tryConnect(socket, url.origin, `localhost:${url.port}`)).toBe(403)
    child.process.kill('SIGTERM')
    expect(await child.exited).toEqual({ code: 0, signal: null })
  })

  it('lets the browser keep the page: chunks for good, the rest asked for again and answered 304 while unchanged', async () => {
    const { child, url } = await serve(dataDir())
    const rendererDir = join(import.meta.dirname, '../../../dist/renderer')
    const page = await fetch(url.origin)
    const html = await page.text()
    expect(html).toBe(readFileSync(join(rendererDir, 'index.html'), 'utf8'))
    expect(page.headers.get('cache-control')).toBe('no-cache')
    const etag = page.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]{27}"$/)
    const unchanged = await fetch(url.origin, { headers: { 'if-none-match': etag } })
    expect(unchanged.status).toBe(304)
    expect(await unchanged.text()).toBe('')
    expect(unchanged.headers.get('etag')).toBe(etag)
    const stale = await fetch(url.origin, { headers: { 'if-none-match': '"another"' } })
    expect(stale.status).toBe(200)
    expect(await stale.text()).toBe(html)

    const chunk = html.match(/href="(chunks\/[^"]+\.js)"/)![1]!
    const script = await fetch(`${url.origin}/${chunk}`)
    expect(script.headers.get('cache-control')).toBe('max-age=31536000, immutable')
    expect(Buffer.from(await script.arrayBuffer()).equals(readFileSync(join(rendererDir, chunk)))).toBe(true)
    const app = await fetch(`${url.origin}/app.js`)
    expect(app.headers.get('cache-control')).toBe('no-cache')
    expect(await app.text()).toBe(readFileSync(join(rendererDir, 'app.js'), 'utf8'))
    // Those the page does not load as it starts: a source map, and a path with an escape.
    expect(await (await fetch(`${url.origin}/app.js.map`)).text()).toBe(readFileSync(join(rendererDir, 'app.js.map'), 'utf8'))
    expect(await (await fetch(`${url.origin}/%61pp.css`)).text()).toBe(readFileSync(join(rendererDir, 'app.css'), 'utf8'))
    child.process.kill('SIGTERM')
    expect(await child.exited).toEqual({ code: 0, signal: null })
  })

  it('carries the contract and documents over its WebSocket, and keeps them across a restart', async () => {
    const dir = dataDir()
    const first = await serve(dir)
    const api = await connectToShell({ origin: first.url.origin, secret: first.secret }, webSocketFrom(first.url.origin))
    const row = await api.request('library.create', { kind: 'case-study', title: 'Served', city: 'Lagos' })
    const peer = await DocumentPeer.open(api, row.id)
    appendParagraph(peer.doc, 'typed in the browser')
    await peer.close()
    const refused = await api.request('library.create', { kind: 'case-study', title: '' }).then(
      () => null,
      (error: Error & { code?: string }) => error,
    )
    expect(refused).toMatchObject({ code: 'BAD_REQUEST', message: 'The request library.create is invalid: "title" must not be empty.' })
    first.child.process.kill('SIGTERM')
    expect(await first.child.exited).toEqual({ code: 0, signal: null })

    const second = await serve(dir)
    expect(second.secret).not.toBe(first.secret)
    const again = await connectToShell({ origin: second.url.origin, secret: second.secret }, webSocketFrom(second.url.origin))
    expect((await again.request('library.list', {})).map((listed) => listed.meta.title)).toEqual(['Served'])
    const reopened = await DocumentPeer.open(again, row.id)
    expect(paragraphs(reopened.doc)).toContain('typed in the browser')
    await reopened.close()
    second.child.process.kill('SIGTERM')
    await second.child.exited
  })

  it('listens before the library is open, and given one another Casebook holds, ends with that error and listens no more', async () => {
    const dir = dataDir()
    const holder = await serve(dir)
    // Its address comes before its library is open: answered, the library is open, and locked.
    const holding = await connectToShell({ origin: holder.url.origin, secret: holder.secret }, webSocketFrom(holder.url.origin))
    await holding.request('library.list', {})
    const second = spawnCasebook(['serve', '--data', dir])
    expect(await second.exited).toEqual({ code: 1, signal: null })
    // The address came first: the page loads while the back end starts.
    const printed = new URL(second.lines.find((line) => line.startsWith('http://127.0.0.1:'))!)
    expect(second.stderr()).toContain(`The library in ${dir} is in use by another Casebook process (pid ${holder.child.process.pid}`)
    await expect(fetch(printed.origin)).rejects.toThrow()
    holder.child.process.kill('SIGTERM')
    expect(await holder.child.exited).toEqual({ code: 0, signal: null })
  })

  it('stopped by Ctrl-C as soon as it prints its address, still closes the library it was opening, and exits cleanly', async () => {
    const dir = dataDir()
    const first = await serve(dir)
    first.child.process.kill('SIGINT')
    expect(await first.child.exited).toEqual({ code: 0, signal: null })

    const second = await serve(dir)
    const api = await connectToShell({ origin: second.url.origin, secret: second.secret }, webSocketFrom(second.url.origin))
    expect(await api.request('library.list', {})).toEqual([])
    second.child.process.kill('SIGTERM')
    expect(await second.child.exited).toEqual({ code: 0, signal: null })
  })

  it('carries a file to import as bytes in a binary frame, up to the 50 MB it may hold, and answers on the same connection', async () => {
    const { child, url, secret } = await serve(dataDir())
    const api = await connectToShell({ origin: url.origin, secret }, webSocketFrom(url.origin))
    await api.request('library.prepareImport', {})
    const bytes = new TextEncoder().encode('---\ncity: Quito\n---\n# Quito’s trolleybus\n\nFrom the page, byte for byte: é ✓\n')
    const { row, warnings } = await api.request('library.import', { name: 'quito.md', bytes })
    expect(row.meta).toMatchObject({ title: 'Quito’s trolleybus', city: 'Quito' })
    expect(warnings).toEqual([])
    // Past the 32 MB a message could hold before: refused by the importer, by name, not by closing the socket.
    const huge = await api.request('library.import', { name: 'huge.md', bytes: new Uint8Array((50 << 20) + 1) }).then(
      () => null,
      (error: Error & { code?: string }) => error,
    )
    expect(huge).toMatchObject({ code: 'INVALID_FILE', message: 'huge.md: It is larger than 50 MB.' })
    expect((await api.request('library.list', {})).map((listed) => listed.meta.title)).toEqual(['Quito’s trolleybus'])
    const reopened = await DocumentPeer.open(api, row.id)
    expect(paragraphs(reopened.doc)).toContain('From the page, byte for byte: é ✓')
    await reopened.close()
    child.process.kill('SIGTERM')
    await child.exited
  })
})
