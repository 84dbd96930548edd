import { afterEach, describe, expect, it, vi } from 'vitest'
import { importWorkers } from '../../src/cli/importWorkers.js'

const machine = { cores: 2, memoryMb: 8192 }
vi.mock('node:os', async (importOriginal) => ({
  ...(await importOriginal<typeof import('node:os')>()),
  availableParallelism: () => machine.cores,
  totalmem: () => machine.memoryMb * 1024 * 1024,
}))

describe('importWorkers', () => {
  afterEach(() => Object.assign(machine, { cores: 2, memoryMb: 8192 }))

  it('is one per core, at most 4, and no more than the memory holds at --memory-limit each, at least 1', () => {
    expect(importWorkers(1536)).toBe(2)
    Object.assign(machine, { cores: 16, memoryMb: 65_536 })
    expect(importWorkers(1536)).toBe(4)
    Object.assign(machine, { cores: 16, memoryMb: 4096 })
    expect(importWorkers(1536)).toBe(2)
    Object.assign(machine, { cores: 8, memoryMb: 1024 })
    expect(importWorkers(1536)).toBe(1)
  })
})
