import { describe, expect, it } from 'vitest'
import { useRelays } from '../../helpers/relay.js'

describe('the relay’s /healthz and /readyz', () => {
  const relays = useRelays()
  const probe = async (http: string, path: string) => {
    const response = await fetch(`${http}${path}`)
    return { status: response.status, body: await response.json() }
  }

  it('say a relay is healthy and ready, its store answering', async () => {
    const relay = await relays.start()
    expect(await probe(relay.http, '/healthz')).toEqual({ status: 200, body: { status: 'ok', documentsLoaded: 0 } })
    expect(await probe(relay.http, '/readyz')).toEqual({ status: 200, body: { status: 'ready' } })
  })

  it('say a relay whose heap is past its ceiling is healthy but not ready', async () => {
    // A 24 MB heap, a twentieth of it the ceiling: the relay's own modules pass it.
    const relay = await relays.start({ nodeArgs: ['--max-old-space-size=24'], args: ['--heap-unload-share', '0.05'] })
    expect(await probe(relay.http, '/healthz')).toMatchObject({ status: 200, body: { status: 'ok' } })
    expect(await probe(relay.http, '/readyz')).toEqual({
      status: 503,
      body: { status: 'not ready', problem: 'Its memory is past its ceiling (--heap-unload-share): it is unloading documents.' },
    })
  })
})
