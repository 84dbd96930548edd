import { STRIDE, walkUpdate } from './walkUpdate.js'

/**
 * Whether a Yjs update (v1) deletes anything: whether its delete set names a range. Its structs may
 * add items already deleted (inserted and deleted before it was sent): those take nothing away from
 * what the document holds, and only the delete set can. Throws where the update does not read.
 */
export function deletesAnything(update: Uint8Array): boolean {
  const cut = { structs: new Float64Array(STRIDE * 16), count: 0, runs: [], deleted: [] as number[] }
  const walking = walkUpdate(update, cut, Infinity, Infinity)
  while (!walking.next().done);
  return cut.deleted.length > 0
}
