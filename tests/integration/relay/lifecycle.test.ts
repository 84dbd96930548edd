import { randomBytes } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { CLOSE } from '../../../src/shared/protocol/closeCodes.js'
import { eventually, rawConnect, useClients } from '../../helpers/clients.js'
import { parseMetrics } from '../../helpers/parseMetrics.js'
import { useRelays } from '../../helpers/relay.js'

describe('the relay over its life', () => {
  const relays = useRelays()
  const clients = useClients()

  it('answers /healthz and serves Prometheus metrics for connections, documents, updates, bytes and refusals', async () => {
    const relay = await relays.start()
    const health = await fetch(`${relay.http}/healthz`)
    expect(health.status).toBe(200)
    expect(await health.json()).toEqual({ status: 'ok', documentsLoaded: 0 })
    expect((await fetch(`${relay.http}/nowhere`)).status).toBe(404)

    const client = clients.connect(relay.url, 'brt/metered', await relay.invite('brt', 'member'))
    await client.synced()
    client.doc.getText('t').insert(0, 'twelve bytes')
    await rawConnect(relay.url, '/brt/metered', 'bad-token').closed
    // Stored by the next group commit, within a turn of the relay's event loop.
    await new Promise((resolve) => setTimeout(resolve, 200))
    const values = await relay.metrics()
    expect(values.get('casebook_relay_connections')).toBe(1)
    expect(values.get('casebook_relay_documents_loaded')).toBe(1)
    expect(values.get('casebook_relay_updates_total')).toBeGreaterThanOrEqual(1)
    expect(values.get('casebook_relay_stored_bytes_total')).toBeGreaterThan(12)
    expect(values.get('casebook_relay_rejected_frames_total{reason="tokenInvalid"}')).toBe(1)
    expect(values.get('casebook_relay_updates_per_second')).toBeGreaterThan(0)
    expect(values.get('process_resident_memory_bytes')).toBeGreaterThan(10_000_000)
    expect(values.get('nodejs_heap_size_used_bytes')).toBeGreaterThan(1_000_000)
  })

  it('serves /metrics only to requests with the --metrics-token, compared whole', async () => {
    const relay = await relays.start()
    const token = relay.metricsToken!
    for (const authorization of [undefined, 'Bearer ', `Bearer ${token.slice(0, -1)}`, `Bearer ${token}x`, `Basic ${token}`, token]) {
      const response = await fetch(`${relay.http}/metrics`, { headers: authorization === undefined ? {} : { authorization } })
      expect(response.status, authorization).toBe(401)
      expect(await response.text()).not.toContain('casebook_relay')
    }
    expect((await relay.metrics()).get('casebook_relay_connections')).toBe(0)
  })

  it('takes the metrics token from CASEBOOK_METRICS_TOKEN, out of sight of ps; --metrics-token comes first', async () => {
    const token = randomBytes(16).toString('hex')
    const relay = await relays.start({ metrics: false, env: { CASEBOOK_METRICS_TOKEN: token } })
    // What ps shows of the relay: its command line.
    expect(readFileSync(`/proc/${relay.process.pid}/cmdline`, 'utf8')).not.toContain(token)
    expect((await fetch(`${relay.http}/metrics`)).status).toBe(401)
    const response = await fetch(`${relay.http}/metrics`, { headers: { authorization: `Bearer ${token}` } })
    expect(response.status).toBe(200)
    expect(await response.text()).toContain('casebook_relay_connections 0')

    const both = await relays.start({ env: { CASEBOOK_METRICS_TOKEN: token } })
    expect((await fetch(`${both.http}/metrics`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401)
    expect((await both.metrics()).get('casebook_relay_connections')).toBe(0)
  })

  it('without --metrics-token or --metrics-host, answers /metrics with 404', async () => {
    const relay = await relays.start({ metrics: false })
    const response = await fetch(`${relay.http}/metrics`)
    expect(response.status).toBe(404)
    expect(await response.text()).not.toContain('casebook_relay')
    expect((await fetch(`${relay.http}/healthz`)).status).toBe(200)
  })

  it('with --metrics-host, serves /metrics there and only there', async () => {
    const relay = await relays.start({ metrics: false, args: ['--metrics-host', '127.0.0.1:0'] })
    const listening = relay.logs.find((entry) => entry['msg'] === 'relay listening')!
    const metricsUrl = String(listening['metrics'])
    expect(metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/)
    expect(new URL(metricsUrl).port).not.toBe(String(relay.port))
    const client = clients.connect(relay.url, 'brt/metered', await relay.invite('brt', 'member'))
    await client.synced()
    expect(parseMetrics(await (await fetch(metricsUrl)).text()).get('casebook_relay_connections')).toBe(1)
    expect((await fetch(`${relay.http}/metrics`)).status).toBe(404)
    expect((await fetch(metricsUrl.replace('/metrics', '/healthz'))).status).toBe(404)
  })

  it('unloads every document once its last client leaves: 2,000 opened and closed leave none loaded', { timeout: 120_000 }, async () => {
    // One token starts all 2,000, far more new documents a minute than it may by default.
    const relay = await relays.start({ args: ['--new-documents-per-minute', '100000'] })
    const token = await relay.invite('brt', 'member')
    let next = 0
    const worker = async () => {
      while (next < 2000) {
        const raw = rawConnect(relay.url, `/brt/doc-${next++}`, token)
        await raw.opened
        // The relay's first frame shows the document was loaded for this connection.
        await eventually(() => raw.frames.length > 0, 'the relay greets the connection')
        raw.ws.close()
        await raw.closed
      }
    }
    await Promise.all(Array.from({ length: 20 }, worker))
    const health = async () => ((await (await fetch(`${relay.http}/healthz`)).json()) as { documentsLoaded: number }).documentsLoaded
    let loaded = await health()
    const deadline = Date.now() + 5000
    while (loaded !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50))
      loaded = await health()
    }
    expect(loaded).toBe(0)
    expect((await relay.metrics()).get('casebook_relay_documents_loaded')).toBe(0)
  })

  it('on SIGTERM closes its clients with "going away", stores everything and exits 0', async () => {
    const relay = await relays.start()
    const token = await relay.invite('brt', 'member')
    const client = clients.connect(relay.url, 'brt/shutdown', token, { ack: true })
    await client.synced()
    client.doc.getText('t').insert(0, 'last words')
    relay.process.kill('SIGTERM')
    expect((await relay.exited).code).toBe(0)
    await eventually(() => client.closes.includes(CLOSE.goingAway.code), 'the client was told the relay is going away')
    client.provider.destroy()

    const again = await relays.start({ dataDir: relay.dataDir })
    const reader = clients.connect(again.url, 'brt/shutdown', token)
    await reader.synced()
    expect(reader.doc.getText('t').toString()).toBe('last words')
  })
})
