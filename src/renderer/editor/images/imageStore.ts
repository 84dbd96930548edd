import type { CasebookApi, StoredImage } from '../../../shared/ipc/contract.js'
import { IMAGE_MIME, type ImageType } from '../../../shared/model/checkImage.js'

/** The images of the window's documents: stored in the library as blobs, and shown from it. */
export interface ImageStore {
  /** Stores an image's bytes (which the back end checks again) and says what it stored. */
  put(bytes: Uint8Array<ArrayBuffer>): Promise<StoredImage>
  /**
   * Calls `show` with an object URL of the image named `hash` once the window has it: at once if this
   * device has its bytes, when a network brings them (blobs-arrived) if not. Returns what to call once
   * the image is no longer shown.
   */
  show(hash: string, type: ImageType, show: (url: string) => void): () => void
}

/**
 * How long an object URL is kept after the last image showing it goes: a remote change redraws the
 * blocks it touched, and the image drawn again shows the same URL rather than reading its bytes again.
 */
export const KEEP_URL_MS = 60_000

interface Entry {
  type: ImageType
  url: string | null
  viewers: Set<(url: string) => void>
  /** Whether blobs.get is being asked, and whether the blob arrived meanwhile (its answer may be older). */
  asking: boolean
  arrived: boolean
  dropping: ReturnType<typeof setTimeout> | null
}

const stores = new WeakMap<CasebookApi, ImageStore>()

/** The window's one image store: each image's bytes are read once and its object URL shared, however many views show it. */
export function imageStore(api: CasebookApi): ImageStore {
  let store = stores.get(api)
  if (!store) {
    store = createStore(api)
    stores.set(api, store)
  }
  return store
}

function createStore(api: CasebookApi): ImageStore {
  const entries = new Map<string, Entry>()

  const ask = (hash: string, entry: Entry) => {
    if (entry.asking) {
      entry.arrived = true
      return
    }
    entry.asking = true
    entry.arrived = false
    const answered = (found: { bytes: Uint8Array } | null) => {
      entry.asking = false
      if (entries.get(hash) !== entry) return
      if (!found) return void (entry.arrived && ask(hash, entry))
      entry.url = URL.createObjectURL(new Blob([found.bytes as Uint8Array<ArrayBuffer>], { type: IMAGE_MIME[entry.type] }))
      for (const show of entry.viewers) show(entry.url)
    }
    // A failed read leaves the placeholder, until the blob arrives again or the image is shown again.
    api.request('blobs.get', { hash }).then(answered, () => answered(null))
  }

  api.onEvent((event) => {
    if (event.type !== 'blobs-arrived') return
    for (const hash of event.hashes) {
      const entry = entries.get(hash)
      if (entry && !entry.url) ask(hash, entry)
    }
  })

  const drop = (hash: string, entry: Entry) => {
    entries.delete(hash)
    if (entry.url) URL.revokeObjectURL(entry.url)
  }

  return {
    put: (bytes) => api.request('blobs.put', { bytes }),
    show(hash, type, show) {
      let entry = entries.get(hash)
      if (!entry) {
        entry = { type, url: null, viewers: new Set(), asking: false, arrived: false, dropping: null }
        entries.set(hash, entry)
        ask(hash, entry)
      } else if (!entry.url && !entry.asking) ask(hash, entry)
      const shown = entry
      if (shown.dropping) clearTimeout(shown.dropping)
      shown.dropping = null
      // Each call is its own viewer, even with the same function.
      const viewer = (url: string) => show(url)
      shown.viewers.add(viewer)
      if (shown.url) show(shown.url)
      return () => {
        shown.viewers.delete(viewer)
        if (shown.viewers.size === 0 && !shown.dropping) shown.dropping = setTimeout(() => drop(hash, shown), KEEP_URL_MS)
      }
    },
  }
}
