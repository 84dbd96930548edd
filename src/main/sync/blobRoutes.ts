import { CasebookError } from '../../shared/errors.js'
import { MAX_IMAGE_BYTES } from '../../shared/model/checkImage.js'
import { httpUrl } from '../../shared/protocol/workshops.js'
import type { RelayAccess } from './documentConnection.js'

/** How long one image's request may take, its bytes included, before the relay counts as unreachable. */
const BLOB_TIMEOUT_MS = 120_000

/*
 * The relay's blob routes (docs/IMAGES.md): `/blobs/<network>/<sha256>`, with the invite as
 * the bearer, never in the address. Each call fails with RELAY_UNREACHABLE when the relay does not
 * answer, and ACCESS_REFUSED (imageRefused) with the relay's own words and its status when it refuses.
 */

/** Whether the relay holds the image for this network. */
export async function relayHasBlob(access: RelayAccess, hash: string, signal: AbortSignal): Promise<boolean> {
  const response = await blobRequest(access, hash, 'HEAD', signal)
  if (response.status === 404) return false
  if (response.ok) return true
  throw await refusal(response, hash)
}

/**
 * The image's bytes as the relay sends them, or null when it does not hold it (yet). Whether they are
 * the bytes the hash names is for the caller to check (BlobStore.add). More than an image may be
 * (MAX_IMAGE_BYTES) is refused unread.
 */
export async function fetchBlob(access: RelayAccess, hash: string, signal: AbortSignal): Promise<Uint8Array | null> {
  const response = await blobRequest(access, hash, 'GET', signal)
  if (response.status === 404) return null
  if (!response.ok) throw await refusal(response, hash)
  return readCapped(response, hash)
}

/** Sends the image; the relay stores it once (an image it holds already is answered as stored). */
export async function sendBlob(access: RelayAccess, hash: string, bytes: Uint8Array, signal: AbortSignal): Promise<void> {
  const response = await blobRequest(access, hash, 'PUT', signal, bytes)
  if (!response.ok) throw await refusal(response, hash)
  await response.body?.cancel()
}

async function blobRequest(access: RelayAccess, hash: string, method: 'HEAD' | 'GET' | 'PUT', signal: AbortSignal, body?: Uint8Array): Promise<Response> {
  try {
    return await fetch(`${httpUrl(access.relayUrl)}/blobs/${access.network}/${hash}`, {
      method,
      headers: { authorization: `Bearer ${access.token}`, ...(body ? { 'content-type': 'application/octet-stream' } : {}) },
      ...(body ? { body } : {}),
      signal: AbortSignal.any([signal, AbortSignal.timeout(BLOB_TIMEOUT_MS)]),
    })
  } catch (error) {
    if (signal.aborted) throw signal.reason
    throw unreachable(access, error)
  }
}

async function readCapped(response: Response, hash: string): Promise<Uint8Array> {
  const tooLarge = () =>
    new CasebookError('ACCESS_REFUSED', `The relay sent image ${hash} larger than an image may be, so it was refused.`, {
      reason: 'imageRefused',
      params: { why: 'too large' },
    })
  if (Number(response.headers.get('content-length')) > MAX_IMAGE_BYTES) {
    await response.body?.cancel()
    throw tooLarge()
  }
  const chunks: Uint8Array[] = []
  let size = 0
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength
    if (size > MAX_IMAGE_BYTES) throw tooLarge()
    chunks.push(chunk)
  }
  return Buffer.concat(chunks, size)
}

async function refusal(response: Response, hash: string): Promise<CasebookError> {
  const answer = (await response.json().catch(() => null)) as { error?: { message?: unknown } } | null
  const said = answer?.error?.message
  const why = typeof said === 'string' && said ? said : `it answered ${response.status}`
  return new CasebookError('ACCESS_REFUSED', `The relay refused image ${hash}: ${why}`, { reason: 'imageRefused', params: { why, status: response.status } })
}

function unreachable(access: RelayAccess, cause: unknown): CasebookError {
  return new CasebookError('RELAY_UNREACHABLE', `Cannot reach the relay at ${access.relayUrl}; check the address and your connection.`, {
    cause,
    reason: 'unreachable',
    params: { relay: access.relayUrl },
  })
}
