import { afterEach, describe, expect, it } from 'vitest'
import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { encodeAwareness } from '../../../src/shared/protocol/awarenessFrames.js'
import { openingFrames } from '../../../src/shared/protocol/openingFrames.js'
import { encodeSyncStep1 } from '../../../src/shared/protocol/syncFrames.js'

describe('openingFrames', () => {
  const started: Awareness[] = []
  afterEach(() => {
    for (const awareness of started.splice(0)) awareness.destroy()
  })

  it("is the state vector, then everyone's presence once anyone has one", () => {
    const doc = new Y.Doc()
    doc.getText('t').insert(0, 'hello')
    const awareness = new Awareness(doc)
    started.push(awareness)
    awareness.setLocalState(null)
    expect(openingFrames(doc, awareness)).toEqual([encodeSyncStep1(doc)])
    awareness.setLocalState({ user: { name: 'Ana' } })
    expect(openingFrames(doc, awareness)).toEqual([encodeSyncStep1(doc), encodeAwareness(awareness, [doc.clientID])])
  })
})
