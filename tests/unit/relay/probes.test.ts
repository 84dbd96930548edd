import { describe, expect, it } from 'vitest'
import { healthAnswer, readyAnswer, type ProbedRelay } from '../../../src/relay/probes.js'

const relay = (change: Partial<ProbedRelay> = {}): ProbedRelay => ({
  checkStore: () => {},
  documentsLoaded: 3,
  overMemoryCeiling: false,
  stopping: false,
  ...change,
})
const failingStore = () => {
  throw new Error('disk I/O error')
}

describe('the relay’s probes', () => {
  it('/healthz: ok with the documents loaded, and failing, with why, when the store does not answer', () => {
    expect(healthAnswer(relay())).toEqual({ status: 200, body: { status: 'ok', documentsLoaded: 3 } })
    expect(healthAnswer(relay({ checkStore: failingStore }))).toEqual({
      status: 503,
      body: { status: 'failing', problem: 'Its database does not answer: disk I/O error.' },
    })
    // Busy is not ill: a relay past its memory ceiling, or stopping, is alive.
    expect(healthAnswer(relay({ overMemoryCeiling: true, stopping: true })).status).toBe(200)
  })

  it('/readyz: ready, or not while it stops, its store fails or its memory is past the ceiling', () => {
    expect(readyAnswer(relay())).toEqual({ status: 200, body: { status: 'ready' } })
    expect(readyAnswer(relay({ stopping: true }))).toEqual({ status: 503, body: { status: 'not ready', problem: 'It is stopping.' } })
    expect(readyAnswer(relay({ checkStore: failingStore })).body.problem).toBe('Its database does not answer: disk I/O error.')
    expect(readyAnswer(relay({ overMemoryCeiling: true }))).toEqual({
      status: 503,
      body: { status: 'not ready', problem: 'Its memory is past its ceiling (--heap-unload-share): it is unloading documents.' },
    })
  })
})
