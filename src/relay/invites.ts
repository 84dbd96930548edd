import { randomBytes, webcrypto } from 'node:crypto'
// The subpaths load a fifth of jose's modules, which keeps the relay smaller.
import { JWSSignatureVerificationFailed, JWTExpired } from 'jose/errors'
import { SignJWT } from 'jose/jwt/sign'
import { jwtVerify } from 'jose/jwt/verify'
import type { CloseName } from '../shared/protocol/closeCodes.js'
import { readInviteClaims, type InviteClaims, type Role } from '../shared/protocol/invite.js'

export interface NewInvite {
  network: string
  /** The network's display name, shown instead of its id to whoever joins with the invite. */
  title?: string | undefined
  role: Role
  name: string
  city?: string | undefined
  /** How long it is valid (a number and a unit, as in 30m, 12h, 90d or 1y), or until when. */
  expiresIn: string | Date
  /** A workshop's session token: the one document it admits to, and the workshop's code (both or neither). */
  doc?: string | undefined
  ws?: string | undefined
}

/** Signs an invite (HS256) with the relay's secret. */
export async function signInvite(secret: Uint8Array, invite: NewInvite): Promise<{ token: string; claims: InviteClaims }> {
  // Hexadecimal: a base64url id starts with "-" one time in 64, and `casebook revoke` would read it as an option.
  const jti = randomBytes(9).toString('hex')
  const token = await new SignJWT({
    net: invite.network,
    ...(invite.title ? { title: invite.title } : {}),
    role: invite.role,
    name: invite.name,
    ...(invite.city ? { city: invite.city } : {}),
    ...(invite.doc !== undefined ? { doc: invite.doc, ws: invite.ws } : {}),
  })
    .setProtectedHeader({ alg: 'HS256' })
    .setJti(jti)
    .setIssuedAt()
    .setExpirationTime(invite.expiresIn)
    .sign(secret)
  const claims = readInviteClaims(decodeClaims(token))
  if (!claims) throw new Error('A freshly signed invite did not read back.')
  return { token, claims }
}

/** The secret as a key for checking signatures, imported once rather than for every connection. */
export function verificationKey(secret: Uint8Array): Promise<webcrypto.CryptoKey> {
  return webcrypto.subtle.importKey('raw', secret, { name: 'HMAC', hash: 'SHA-256' }, false, ['verify'])
}

/**
 * Checks a token's signature, expiry and claims; says which close code fits when it fails. A
 * workshop's session token expires when its workshop ends, and says so.
 */
export async function verifyInvite(keys: readonly webcrypto.CryptoKey[], token: string): Promise<{ claims: InviteClaims } | { failure: CloseName }> {
  try {
    const { payload } = await verifiedWithAny(keys, token)
    const claims = readInviteClaims(payload)
    return claims ? { claims } : { failure: 'tokenInvalid' }
  } catch (error) {
    // jose checks the signature before the expiry, so an expired token's claims are the relay's own.
    if (!(error instanceof JWTExpired)) return { failure: 'tokenInvalid' }
    return { failure: readInviteClaims(error.payload)?.ws !== undefined ? 'workshopEnded' : 'tokenExpired' }
  }
}

/** Checks the token with each key in turn (the current secret's, then a previous one's during a rotation), until one signed it. */
async function verifiedWithAny(keys: readonly webcrypto.CryptoKey[], token: string): ReturnType<typeof jwtVerify> {
  const [key, ...others] = keys
  if (!key) throw new Error('No key to check invites with.')
  try {
    return await jwtVerify(token, key, { algorithms: ['HS256'] })
  } catch (error) {
    if (error instanceof JWSSignatureVerificationFailed && others.length > 0) return verifiedWithAny(others, token)
    throw error
  }
}

/** The claims of a token without checking it, to find the id of a token someone wants revoked. */
export function decodeClaims(token: string): unknown {
  const payload = token.split('.')[1]
  if (!payload) return null
  try {
    return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as unknown
  } catch {
    return null
  }
}
