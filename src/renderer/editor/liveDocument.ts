import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'

/**
 * A document as the editor binds to it: its id, its Y.Doc and who is in it. The app's DocumentPeer
 * is one; a guest page's doc and its provider's awareness make another.
 */
export interface LiveDocument {
  readonly id: string
  readonly doc: Y.Doc
  readonly awareness: Awareness
}
