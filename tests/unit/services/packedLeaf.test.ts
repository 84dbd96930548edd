import { describe, expect, it } from 'vitest'
import { PackedLeaf } from '../../../src/main/services/packedLeaf.js'

/** Field 0: documents 4 (twice) and 9; field 2: document 4. Pairs 0–1 belong to another leaf. */
const packed = () => ({ postings: new Uint32Array([1, 1, 4, 2, 9, 1, 4, 3]), fields: [0, 2, 6, 2, 6, 8] })
const plain = () =>
  new Map([
    [
      0,
      new Map([
        [4, 2],
        [9, 1],
      ]),
    ],
    [2, new Map([[4, 3]])],
  ])

describe('PackedLeaf', () => {
  it('answers every one of Map’s methods, asked first, as the map its postings make', () => {
    const asked: [string, (leaf: Map<number, Map<number, number>>) => unknown][] = [
      ['get', (leaf) => leaf.get(0)],
      ['has', (leaf) => [leaf.has(2), leaf.has(1)]],
      ['size', (leaf) => leaf.size],
      ['entries', (leaf) => [...leaf.entries()]],
      ['keys', (leaf) => [...leaf.keys()]],
      ['values', (leaf) => [...leaf.values()]],
      ['iterator', (leaf) => [...leaf]],
      [
        'forEach',
        (leaf) => {
          const seen: unknown[] = []
          leaf.forEach((postings, field) => {
            seen.push([field, postings])
          })
          return seen
        },
      ],
      ['set', (leaf) => [...leaf.set(1, new Map([[5, 1]]))]],
      ['delete', (leaf) => [leaf.delete(0), [...leaf]]],
      ['clear', (leaf) => [leaf.clear(), leaf.size]],
    ]
    for (const [what, ask] of asked) expect(ask(new PackedLeaf(packed())), what).toEqual(ask(plain()))
  })

  it('keeps its postings packed until asked, and lets go of them once unpacked', () => {
    const leaf = new PackedLeaf(packed())
    expect(leaf.packedPostings()).toEqual(packed())
    leaf.get(2)!.set(7, 1)
    expect(leaf.packedPostings()).toBeNull()
    expect([...leaf]).toEqual([
      ...plain().set(
        2,
        new Map([
          [4, 3],
          [7, 1],
        ]),
      ),
    ])
  })
})
