import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { StartedWorkshops } from '../../../src/main/services/StartedWorkshops.js'
import { useTempDir } from '../../helpers/tempDir.js'

const NOW = Date.parse('2026-11-27T14:00:00Z')
const HOUR = 3_600_000

describe('the workshops started on this device', () => {
  const temp = useTempDir()

  it('are found by their document while they run, the latest first, and kept across a restart', async () => {
    const started = await StartedWorkshops.open(temp.path)
    expect(started.running('a'.repeat(16), NOW)).toBeUndefined()
    started.add({ network: 'brt', code: 'K7Q42MXR', document: 'a'.repeat(16), endsAt: NOW + HOUR }, NOW)
    started.add({ network: 'brt', code: 'AAAA2222', document: 'a'.repeat(16), endsAt: NOW + 2 * HOUR }, NOW)
    started.add({ network: 'brt', code: 'CCCC3333', document: 'b'.repeat(16), endsAt: NOW + HOUR }, NOW)
    expect(started.running('a'.repeat(16), NOW)?.code).toBe('AAAA2222')
    await started.settled()

    const again = await StartedWorkshops.open(temp.path)
    expect(again.running('b'.repeat(16), NOW)?.code).toBe('CCCC3333')
    // Past its end, it runs no more; ended early, neither.
    expect(again.running('b'.repeat(16), NOW + HOUR)).toBeUndefined()
    again.ended('AAAA2222')
    expect(again.running('a'.repeat(16), NOW)?.code).toBe('K7Q42MXR')
    await again.settled()
  })

  it('drop the ones that ended as another starts, and start again from nothing when the file cannot be read', async () => {
    const started = await StartedWorkshops.open(temp.path)
    started.add({ network: 'brt', code: 'K7Q42MXR', document: 'a'.repeat(16), endsAt: NOW + HOUR }, NOW)
    started.add({ network: 'brt', code: 'CCCC3333', document: 'b'.repeat(16), endsAt: NOW + 3 * HOUR }, NOW + 2 * HOUR)
    await started.settled()
    expect(JSON.parse(await readFile(join(temp.path, 'workshops.json'), 'utf8')).workshops.map(({ code }: { code: string }) => code)).toEqual(['CCCC3333'])

    await writeFile(join(temp.path, 'workshops.json'), '{ not json')
    expect((await StartedWorkshops.open(temp.path)).running('b'.repeat(16), NOW)).toBeUndefined()
  })
})
