import { walkUpdate } from './walkUpdate.js'

/**
 * Counts a Yjs update's (v1) items as Y.applyUpdate reads it, without building anything or decoding
 * its strings: its structs, plus the values of its JSON and Any contents beyond the first, plus its
 * deleted ranges. It reads no further than is needed to say there are more than `maxItems`, and
 * throws where the update does not read.
 */
export function countItems(update: Uint8Array, maxItems = Infinity): number {
  const walking = walkUpdate(update, null, maxItems, Infinity)
  for (;;) {
    const step = walking.next()
    if (step.done) return step.value
  }
}
