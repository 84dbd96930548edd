import { randomBytes } from 'node:crypto'
import { CODE_ALPHABET, CODE_LENGTH } from '../shared/protocol/workshops.js'

/** Bytes from here up are drawn again: below it, each character of the alphabet is as likely as any other. */
const UNBIASED_BELOW = 256 - (256 % CODE_ALPHABET.length)

/** A workshop code of random characters of CODE_ALPHABET, as stored (`K7Q42MXR`). */
export function randomCode(): string {
  let code = ''
  while (code.length < CODE_LENGTH) {
    for (const byte of randomBytes(CODE_LENGTH)) {
      if (byte < UNBIASED_BELOW && code.length < CODE_LENGTH) code += CODE_ALPHABET[byte % CODE_ALPHABET.length]
    }
  }
  return code
}
