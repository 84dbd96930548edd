import { describe, expect, it } from 'vitest'
import { activityText } from '../../../src/renderer/dashboard/activityText.js'
import type { Activity } from '../../../src/shared/model/networkStats.js'
import { englishT } from '../../helpers/englishT.js'

const activity = (kind: Activity['kind'], by: string, status?: Activity['status']): Activity => ({
  kind,
  document: 'aaaaaaaaaaaaaaa1',
  title: 'Lagos BRT',
  at: '2026-02-20T10:00:00.000Z',
  by,
  ...(status ? { status } : {}),
  isNew: false,
})

describe('activityText', () => {
  it('says each kind of change with who made it, a decision with the status it moved to, an adaptation with its city', async () => {
    const t = await englishT()
    expect(
      [
        activity('created', 'Ada Obi, Bola'),
        activity('edited', ''),
        activity('submitted', 'Ada Obi'),
        activity('decided', 'Carmen', 'in-review'),
        activity('adapted', 'Quito'),
      ].map((one) => activityText(t, one)),
    ).toEqual(['Created by Ada Obi, Bola', 'Edited', 'Submitted by Ada Obi', 'Moved to “In review” by Carmen', 'Adapted for Quito'])
  })

  it('leaves out who where nothing records it, and names no city where an adaptation names none', async () => {
    const t = await englishT()
    expect(
      [activity('created', ''), activity('submitted', ''), activity('decided', '', 'published'), activity('adapted', '')].map((one) => activityText(t, one)),
    ).toEqual(['Created', 'Submitted', 'Moved to “Published”', 'Adapted by a city not named'])
  })
})
