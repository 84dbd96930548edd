import { checkImage } from '../../shared/model/checkImage.js'
import type { WorkshopTicket } from '../../shared/protocol/workshops.js'
import { createImageStore, type ImageStore } from '../editor/images/imageStore.js'

/** How long a guest's page waits before reading again an image not there, or sending again one the relay did not take yet. */
export const GUEST_RETRY_MS = 3_000

interface Options {
  /** Told the relay's sentence when it refuses an image for good (not the retries): the others will not see it. */
  onUnsent: (reason: string) => void
  fetcher?: typeof fetch
  retryMs?: number
}

/**
 * A workshop guest's images, without a library: read from the relay's blob route on the page's own
 * origin with the session token as bearer (the relay answers only those the document shows), and read
 * again every few seconds while one shown is not there (nothing tells a guest it arrived). An image
 * the guest adds is kept in the page's memory, shown from there at once, and sent in the background,
 * again and again while the relay answers that the document does not show it yet (the node reaches
 * it after the image is put) or cannot be reached. A reload before it is sent loses its bytes.
 */
export function guestImages({ network, token }: Pick<WorkshopTicket, 'network' | 'token'>, options: Options): ImageStore {
  const { onUnsent, fetcher = fetch, retryMs = GUEST_RETRY_MS } = options
  const added = new Map<string, Uint8Array<ArrayBuffer>>()
  const request = (hash: string, init: RequestInit) =>
    fetcher(`/blobs/${network}/${hash}`, { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` }, credentials: 'omit' })

  const send = async (hash: string, bytes: Uint8Array<ArrayBuffer>) => {
    for (;;) {
      const answer = await request(hash, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes }).catch(() => null)
      if (answer?.ok) return
      const refusal = answer && (await readRefusal(answer))
      if (answer && !mayComeLater(answer.status, refusal?.reason)) return onUnsent(refusal?.message ?? `${answer.status} ${answer.statusText}`)
      await new Promise((resolve) => setTimeout(resolve, retryMs))
    }
  }

  return createImageStore({
    retryMs,
    async read(hash) {
      const held = added.get(hash)
      if (held) return held
      const answer = await request(hash, { method: 'GET' }).catch(() => null)
      if (!answer) return null
      if (!answer.ok) {
        const refusal = await readRefusal(answer)
        if (mayComeLater(answer.status, refusal?.reason)) return null
        throw new Error(refusal?.message ?? `${answer.status} ${answer.statusText}`)
      }
      const bytes = new Uint8Array(await answer.arrayBuffer())
      if ((await sha256(bytes)) !== hash) throw new Error("The image's bytes do not match its hash.")
      return bytes
    },
    async put(bytes) {
      const checked = checkImage(bytes)
      const hash = await sha256(bytes)
      if (!added.has(hash)) {
        added.set(hash, bytes)
        void send(hash, bytes)
      }
      return { hash, ...checked }
    },
  })
}

/** Not there yet: not on the relay (404), not in the document the relay holds yet (notInWorkshop), or the relay unwell (5xx but its quota). */
function mayComeLater(status: number, reason: string | undefined): boolean {
  return status === 404 || reason === 'notInWorkshop' || (status >= 500 && status !== 507)
}

async function readRefusal(answer: Response): Promise<{ reason?: string; message?: string } | null> {
  const body: unknown = await answer.json().catch(() => null)
  const error = typeof body === 'object' && body !== null ? (body as { error?: unknown }).error : null
  if (typeof error !== 'object' || error === null) return null
  const { reason, message } = error as Record<string, unknown>
  return { ...(typeof reason === 'string' ? { reason } : {}), ...(typeof message === 'string' ? { message } : {}) }
}

async function sha256(bytes: Uint8Array<ArrayBuffer>): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes))
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')
}
