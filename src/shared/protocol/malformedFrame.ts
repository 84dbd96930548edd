import * as decoding from 'lib0/decoding'

/**
 * A frame that does not read: cut short, with bytes after its end, or holding a value its type does
 * not allow. Each peer refuses it its own way (the relay closes the connection with
 * CLOSE.malformedMessage, the back end answers BAD_REQUEST); nothing in it is applied.
 */
export class MalformedFrame extends Error {
  override readonly name = 'MalformedFrame'
}

/** Runs a read of lib0's decoders, whose plain errors (a frame that ends early) become MalformedFrame. */
export function decoded<T>(read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (error instanceof MalformedFrame) throw error
    throw new MalformedFrame((error as Error).message, { cause: error })
  }
}

/** Refuses bytes after the end of a frame. */
export function expectEnd(decoder: decoding.Decoder): void {
  if (decoding.hasContent(decoder)) throw new MalformedFrame('bytes after the end of the message')
}
