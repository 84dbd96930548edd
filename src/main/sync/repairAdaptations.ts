import * as Y from 'yjs'
import {
  type AdaptationReference,
  addAdaptationReference,
  namesInviteCity,
  readAdaptationReferences,
  REFERENCES_MAP,
} from '../../shared/protocol/adaptationReferences.js'
import { CLOSE } from '../../shared/protocol/closeCodes.js'
import type { StoredDoc } from '../library/storedDoc.js'
import { type RelayAccess, refusedWith, syncPlainDoc } from './documentConnection.js'

/**
 * After the relay refused this device's copy of a network's adaptations room (adaptationRefused),
 * as it would at every round, holding back every later reference with it. The relay refuses an
 * update whole, and a copy keeps what it holds: a reference that names another city than the
 * invite's (one added under an earlier invite), or adapts a document the relay does not hold, would
 * be sent again for ever. So the copy is rebuilt from the relay's: the references it lacks that name
 * the invite's city go in one round, and if that is refused too, one round each, so that only those
 * the relay refuses are left out; they could never be sent from here. Others' references naming
 * their own city are left out too: they are theirs to send.
 *
 * Answers what makes the copy to keep from this device's as it is by then, so that a reference
 * added meanwhile is kept, to send at the next round.
 */
export async function repairAdaptations(local: Y.Doc, access: RelayAccess, signal: AbortSignal): Promise<(now: Y.Doc) => StoredDoc> {
  const considered = readAdaptationReferences(local)
  let kept = new Y.Doc({ guid: local.guid })
  const keep = (doc: Y.Doc | null) => {
    if (!doc) return
    kept.destroy()
    kept = doc
  }
  // It holds nothing, so it sends nothing: this only fetches.
  await syncPlainDoc(access, kept, signal)
  const held = kept.getMap(REFERENCES_MAP)
  const missing = considered.filter((reference) => !held.has(reference.adaptation) && namesInviteCity(reference, access))
  const all = missing.length > 0 ? await taken(kept, missing, access, signal) : null
  keep(all)
  if (!all && missing.length > 1) for (const reference of missing) keep(await taken(kept, [reference], access, signal))
  return (now) => {
    const doc = copyOf(kept)
    const sent = Y.encodeStateVector(kept)
    kept.destroy()
    const looked = new Set(considered.map(({ adaptation }) => adaptation))
    for (const reference of readAdaptationReferences(now)) if (!looked.has(reference.adaptation)) addAdaptationReference(doc, reference)
    return { doc, sent }
  }
}

/** `base` with the references, once the relay has stored them; null if it refuses them. */
async function taken(base: Y.Doc, references: AdaptationReference[], access: RelayAccess, signal: AbortSignal): Promise<Y.Doc | null> {
  const doc = copyOf(base)
  for (const reference of references) addAdaptationReference(doc, reference)
  try {
    await syncPlainDoc(access, doc, signal)
    return doc
  } catch (error) {
    doc.destroy()
    if (refusedWith(error, CLOSE.adaptationRefused)) return null
    throw error
  }
}

/** A doc holding what `doc` holds, whose own changes are under a client id none of its changes has. */
function copyOf(doc: Y.Doc): Y.Doc {
  const copy = new Y.Doc({ guid: doc.guid })
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  while (copy.store.clients.has(copy.clientID)) copy.clientID += 1
  return copy
}
