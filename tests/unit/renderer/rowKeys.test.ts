import { describe, expect, it } from 'vitest'
import { rowKeyTarget } from '../../../src/renderer/library/rowKeys.js'

describe('rowKeyTarget', () => {
  it('moves a row with the arrows, a page with Page Up and Down, to the ends with Home and End, never past them', () => {
    expect([rowKeyTarget('ArrowDown', 3, 10, 4), rowKeyTarget('ArrowUp', 3, 10, 4)]).toEqual([4, 2])
    expect([rowKeyTarget('PageDown', 3, 10, 4), rowKeyTarget('PageUp', 3, 10, 4)]).toEqual([7, 0])
    expect([rowKeyTarget('PageDown', 8, 10, 4), rowKeyTarget('ArrowDown', 9, 10, 4), rowKeyTarget('ArrowUp', 0, 10, 4)]).toEqual([9, 9, 0])
    expect([rowKeyTarget('Home', 5, 10, 4), rowKeyTarget('End', 5, 10, 4)]).toEqual([0, 9])
  })

  it('leaves other keys, and an empty list, alone', () => {
    expect([rowKeyTarget('Enter', 3, 10, 4), rowKeyTarget('a', 3, 10, 4), rowKeyTarget('End', 0, 0, 4)]).toEqual([null, null, null])
  })
})
