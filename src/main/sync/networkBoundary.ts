import * as Y from 'yjs'
import { META_MAP } from '../../shared/model/document.js'
import { isLanguage } from '../../shared/model/languages.js'
import { validateMeta } from '../../shared/model/meta.js'

/** The network a document's meta names, as stored: any value, not only a valid network id. */
export function documentNetwork(doc: Y.Doc): unknown {
  return doc.getMap(META_MAP).get('network')
}

/**
 * Keeps what one network's relay sends to a document from moving that document out of (or into)
 * another network. Every remote update is applied first to a mirror of the document; only if the
 * mirror still belongs to the network is the update applied to the document itself. A CRDT change
 * cannot be taken back once merged, so it is judged before it is merged. The mirror follows the
 * document's own changes too, so both always hold the same state.
 */
export class NetworkBoundary {
  private readonly mirror: Y.Doc
  /** A document not yet on this device: until its first content arrives it belongs to no network. */
  private readonly blank: boolean
  private refused = false
  private readonly follow = (update: Uint8Array, origin: unknown) => {
    if (origin !== this.origin) Y.applyUpdate(this.mirror, update)
  }

  constructor(
    private readonly doc: Y.Doc,
    private readonly network: string,
    /** The origin remote updates are applied with, so that the library can tell them apart. */
    private readonly origin: unknown,
  ) {
    this.blank = doc.store.clients.size === 0
    this.mirror = new Y.Doc({ guid: doc.guid })
    this.mirror.getMap(META_MAP)
    Y.applyUpdate(this.mirror, Y.encodeStateAsUpdate(doc))
    doc.on('update', this.follow)
  }

  /**
   * Applies a remote update to the document if the document stays in the network; otherwise applies
   * nothing and returns the reason, and refuses every later update (its mirror holds the refused one).
   */
  apply(update: Uint8Array): string | null {
    if (this.refused) return `Network ${this.network} sent more to document ${this.doc.guid} after a refused change; it was refused too.`
    try {
      Y.applyUpdate(this.mirror, update)
    } catch {
      this.refused = true
      return `Network ${this.network} sent a change to document ${this.doc.guid} that cannot be read; nothing of it was stored.`
    }
    const network = documentNetwork(this.mirror)
    if (network !== this.network && !(this.blank && this.mirror.store.clients.size === 0)) {
      this.refused = true
      const claim = typeof network === 'string' ? `network ${network}` : 'no network'
      if (this.blank) return `Network ${this.network} sent document ${this.doc.guid}, whose meta names ${claim}; nothing was stored.`
      const move = typeof network === 'string' ? `move it to network ${network}` : 'make it private'
      return `Network ${this.network} sent a change to document ${this.doc.guid} that would ${move}; the change was refused and nothing of it was stored.`
    }
    Y.applyUpdate(this.doc, update, this.origin)
    return null
  }

  /**
   * Why the document itself is not, or no longer, in the network (it was moved on this device), or
   * null if it is. A blank one is in none until its content arrives.
   */
  moved(): string | null {
    const network = documentNetwork(this.doc)
    if (network === this.network || (this.blank && this.doc.store.clients.size === 0)) return null
    const where = typeof network === 'string' ? `to network ${network}` : 'out of every network'
    return `Document ${this.doc.guid} was moved ${where} on this device, so it is no longer synced with network ${this.network}.`
  }

  destroy(): void {
    this.doc.off('update', this.follow)
    this.mirror.destroy()
  }
}

/**
 * Why a document that arrived from a network cannot be stored as one of its documents, or null if it
 * can: its meta must be a valid Casebook document's, naming that network. A language this version
 * does not know (a newer peer's) counts as not set: the document is adopted, reads as having none,
 * and keeps the stored value, so the newer peer loses nothing.
 */
export function adoptionProblem(doc: Y.Doc, network: string): string | null {
  const { language, ...meta } = doc.getMap(META_MAP).toJSON()
  const { problems } = validateMeta(typeof language === 'string' && !isLanguage(language) ? meta : { ...meta, language })
  if (problems[0]) return `its meta is not a Casebook document's: ${problems[0].message}`
  const named = documentNetwork(doc)
  return named === network ? null : `its meta names ${typeof named === 'string' ? `network ${named}` : 'no network'}`
}
