import { Awareness } from 'y-protocols/awareness'
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { caretUser } from '../../../src/renderer/editor/caretUser.js'
import { readPresence } from '../../../src/renderer/editor/readPresence.js'

describe('who a user is to the others in a document', () => {
  it('is their profile’s name, city and colour', () => {
    expect(caretUser({ name: 'Amara Okafor', city: 'Lagos', color: '#1d4ed8' })).toEqual({ name: 'Amara Okafor', city: 'Lagos', color: '#1d4ed8' })
  })

  it('has no name without one in the profile, rather than a word of the sender’s language', () => {
    expect(caretUser(null).name).toBe('')
  })

  it('is listed by the others even without a name, for each window to name in its own language', () => {
    const doc = new Y.Doc()
    const awareness = new Awareness(doc)
    awareness.setLocalStateField('user', caretUser(null))
    expect(readPresence(awareness)).toEqual([{ clientId: doc.clientID, name: '', color: caretUser(null).color, isYou: true }])
    awareness.destroy()
    doc.destroy()
  })
})
