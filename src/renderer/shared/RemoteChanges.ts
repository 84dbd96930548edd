import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { type AwarenessEntry, encodeAwarenessEntries, keepLatest, readAwarenessEntries } from '../../shared/protocol/awarenessFrames.js'

/** Longest remote changes wait when no frame comes (a hidden window). */
const FLUSH_FALLBACK_MS = 100

/**
 * Other people's changes to an open document and to its presence, applied at most once per frame:
 * the first at once, and those that arrive before the next frame together, in it, the updates merged
 * into one and the presence updates into one that holds each client's latest state. In a workshop
 * dozens of streams of keystrokes and caret moves arrive, and the editor redraws its text and its
 * carets once a frame for all of them, instead of once for each (which, on a busy page, falls behind
 * for good); a lone keystroke is not delayed. The timer covers a hidden window, where frames do not
 * come. Changes are applied with `origin`, so that whoever sends the doc's own changes out can tell
 * them apart; one that cannot be merged or applied goes to `onFailure`, with the rest of its frame.
 */
export class RemoteChanges {
  private readonly updates: Uint8Array[] = []
  private readonly presence = new Map<number, AwarenessEntry>()
  /** Whether changes were applied since the last frame began. */
  private frameBusy = false
  private cancelFrame = () => {}
  private stopped = false

  constructor(
    private readonly doc: Y.Doc,
    private readonly awareness: awarenessProtocol.Awareness,
    private readonly origin: unknown,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** A Yjs update from someone else. */
  addUpdate(update: Uint8Array): void {
    this.updates.push(update)
    this.applyUnlessBusy()
  }

  /** An awareness update; throws MalformedFrame, and keeps nothing of it, if it does not read. */
  addPresence(update: Uint8Array): void {
    keepLatest(this.presence, [...readAwarenessEntries(update)])
    this.applyUnlessBusy()
  }

  /** Nothing more is applied, and what waits is let go. */
  stop(): void {
    this.stopped = true
    this.cancelFrame()
    this.updates.length = 0
    this.presence.clear()
  }

  private applyUnlessBusy(): void {
    if (this.frameBusy || this.stopped) return
    const updates = this.updates.splice(0)
    const presence = [...this.presence.values()]
    this.presence.clear()
    if (updates.length === 0 && presence.length === 0) return
    try {
      if (updates.length > 0) Y.applyUpdate(this.doc, updates.length === 1 ? updates[0]! : Y.mergeUpdates(updates), this.origin)
      // After the text, so that carets placed in what just arrived are drawn where they belong.
      if (presence.length > 0) awarenessProtocol.applyAwarenessUpdate(this.awareness, encodeAwarenessEntries(presence), this.origin)
    } catch (error) {
      this.onFailure(error)
      if (this.stopped) return
    }
    this.frameBusy = true
    const frame = requestAnimationFrame(() => this.endFrame())
    const timer = setTimeout(() => this.endFrame(), FLUSH_FALLBACK_MS)
    this.cancelFrame = () => {
      cancelAnimationFrame(frame)
      clearTimeout(timer)
    }
  }

  private endFrame(): void {
    this.cancelFrame()
    this.frameBusy = false
    this.applyUnlessBusy()
  }
}
