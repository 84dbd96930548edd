/** Anything shaped like a JWT, as invites and workshop session tokens are: a header starting `{"`, base64url-encoded, then two more parts. */
const TOKEN = /eyJ[\w-]*\.[\w-]*\.[\w-]+/g

/**
 * The text with every token in it replaced. The log never holds a token: Casebook sends them in
 * headers, not addresses, but an error from a library may quote whatever it was given.
 */
export function withoutTokens(text: string): string {
  return text.replace(TOKEN, '[a token]')
}
