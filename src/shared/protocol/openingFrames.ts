import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { encodeAwareness } from './awarenessFrames.js'
import { encodeSyncStep1 } from './syncFrames.js'

/** What the relay sends a peer first: its state vector, and everyone's presence if anyone has one. (The back end sends a renderer, whose copy starts empty, its whole content instead: DocumentSession.) */
export function openingFrames(doc: Y.Doc, awareness: Awareness): Uint8Array[] {
  return awareness.getStates().size > 0 ? [encodeSyncStep1(doc), encodeAwareness(awareness)] : [encodeSyncStep1(doc)]
}
