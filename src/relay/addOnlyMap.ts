import * as Y from 'yjs'
import type { CloseName } from '../shared/protocol/closeCodes.js'

/**
 * The rules of a room that only takes new values of one map, for one connection: why an update is
 * refused, or null. A refused update is refused whole, and the connection closed with `close`.
 */
export interface AddOnlyRules {
  close: CloseName
  refusal(update: Uint8Array, doc: Y.Doc): string | null
}

/**
 * What an update adds to `map`, a root map of a room that only takes new values of it (a comments
 * room's events, an adaptations room's references): each new value under its key, in the order the
 * update holds them; or why the relay refuses it. It may only add values, each under a key neither
 * the room nor the update holds already, and delete nothing. Read from the update alone, before any
 * of it is applied, so that a refused update is refused whole. Each writer's structs must follow on
 * from what the room holds of it: nothing is ever held back, to be applied later unchecked (two
 * held-back sets of one key would have Yjs delete one of them once both arrive). What the values
 * must be is the caller's to check (commentRules.ts, adaptationRules.ts).
 */
export function newValuesOf(update: Uint8Array, doc: Y.Doc, map: string): { added: Map<string, unknown> } | { refused: string } {
  const { structs, ds } = Y.decodeUpdate(update)
  if ([...ds.clients.values()].some((ranges) => ranges.length > 0)) return { refused: 'The update deletes from a room that only takes new values.' }
  const held = doc.getMap<unknown>(map)
  const added = new Map<string, unknown>()
  const next = new Map<number, number>()
  for (const struct of structs) {
    if (struct instanceof Y.Skip) continue
    const { client, clock } = struct.id
    // A client's sync step 2 may race with its own updates, and send again what the room holds.
    if (clock + struct.length <= Y.getState(doc.store, client)) continue
    if (clock !== (next.get(client) ?? Y.getState(doc.store, client))) return { refused: "The update skips part of a writer's changes." }
    next.set(client, clock + struct.length)
    // An item with an origin would sit beside, and so could replace, a value the room holds (it is
    // encoded with no parent, so the parent check refuses it too). A decoded item names its root type
    // by name, a string, which Yjs's types do not say.
    if (
      !(struct instanceof Y.Item) ||
      struct.origin !== null ||
      struct.rightOrigin !== null ||
      (struct.parent as unknown) !== map ||
      struct.parentSub === null ||
      !(struct.content instanceof Y.ContentAny) ||
      struct.content.arr.length !== 1
    ) {
      return { refused: `The update holds something other than new values of the ${map} map.` }
    }
    const key = struct.parentSub
    if (held.has(key) || added.has(key)) return { refused: `The update sets a key of the ${map} map that is already set.` }
    added.set(key, struct.content.arr[0])
  }
  return { added }
}
