/** Inverts one byte, counted from the end of the buffer (1 is the last byte), in place. */
export function flipByte(bytes: Buffer, fromEnd: number): Buffer {
  const index = bytes.length - fromEnd
  bytes[index] = (bytes[index] ?? 0) ^ 0xff
  return bytes
}
