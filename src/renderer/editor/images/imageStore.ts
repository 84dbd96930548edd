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

/** Where a store reads and adds images, and how it learns that one it lacked may be there now. */
export interface ImageSource {
  /** An image's bytes, or null while they are not to be had yet. A read that fails is not tried again until the image is shown again. */
  read(hash: string): Promise<Uint8Array<ArrayBuffer> | null>
  put(bytes: Uint8Array<ArrayBuffer>): Promise<StoredImage>
  /** Calls `arrived` with the hashes of images that came since (the library's blobs-arrived). */
  onArrived?(arrived: (hashes: readonly string[]) => void): void
  /** For a source nothing tells of arrivals: how long after a read found nothing it is read again, while the image is shown. */
  retryMs?: number
}

interface Entry {
  type: ImageType
  url: string | null
  viewers: Set<(url: string) => void>
  /** Whether it is being read, and whether the blob arrived meanwhile (its answer may be older). */
  asking: boolean
  arrived: boolean
  /** The read again of an image that was not there (retryMs). */
  retrying: ReturnType<typeof setTimeout> | null
  dropping: ReturnType<typeof setTimeout> | null
}

const stores = new WeakMap<CasebookApi, ImageStore>()

/** The window's one image store: each image's bytes are read once and its object URL shared, however many views show it. */
export function imageStore(api: CasebookApi): ImageStore {
  let store = stores.get(api)
  if (!store) {
    store = createImageStore({
      read: async (hash) => ((await api.request('blobs.get', { hash }))?.bytes as Uint8Array<ArrayBuffer> | undefined) ?? null,
      put: (bytes) => api.request('blobs.put', { bytes }),
      onArrived: (arrived) =>
        api.onEvent((event) => {
          if (event.type === 'blobs-arrived') arrived(event.hashes)
        }),
    })
    stores.set(api, store)
  }
  return store
}

/** A store of images read from `source`: each image's bytes read once, and its object URL shared by every view of it. */
export function createImageStore(source: ImageSource): ImageStore {
  const entries = new Map<string, Entry>()

  const ask = (hash: string, entry: Entry) => {
    if (entry.asking) {
      entry.arrived = true
      return
    }
    if (entry.retrying) clearTimeout(entry.retrying)
    entry.retrying = null
    entry.asking = true
    entry.arrived = false
    const answered = (bytes: Uint8Array<ArrayBuffer> | null, failed: boolean) => {
      entry.asking = false
      if (entries.get(hash) !== entry) return
      if (bytes) {
        entry.url = URL.createObjectURL(new Blob([bytes], { type: IMAGE_MIME[entry.type] }))
        for (const show of entry.viewers) show(entry.url)
      } else if (entry.arrived) ask(hash, entry)
      else if (!failed && source.retryMs !== undefined && entry.viewers.size > 0) {
        entry.retrying = setTimeout(() => {
          entry.retrying = null
          if (entries.get(hash) === entry && entry.viewers.size > 0) ask(hash, entry)
        }, source.retryMs)
      }
    }
    // A failed read leaves the placeholder, until the blob arrives again or the image is shown again.
    source.read(hash).then(
      (bytes) => answered(bytes, false),
      () => answered(null, true),
    )
  }

  source.onArrived?.((hashes) => {
    for (const hash of hashes) {
      const entry = entries.get(hash)
      if (entry && !entry.url) ask(hash, entry)
    }
  })

  const drop = (hash: string, entry: Entry) => {
    entries.delete(hash)
    if (entry.retrying) clearTimeout(entry.retrying)
    if (entry.url) URL.revokeObjectURL(entry.url)
  }

  return {
    put: (bytes) => source.put(bytes),
    show(hash, type, show) {
      let entry = entries.get(hash)
      if (!entry) {
        entry = { type, url: null, viewers: new Set(), asking: false, arrived: false, retrying: null, dropping: null }
        entries.set(hash, entry)
        ask(hash, entry)
      } else if (!entry.url && !entry.asking && !entry.retrying) ask(hash, entry)
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
