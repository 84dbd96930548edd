import * as decoding from 'lib0/decoding'
import { MESSAGE, readChanged, readMembers, type DocumentChange, type Member } from '../../src/shared/protocol/messages.js'
import { frameType, type RawConnection } from './clients.js'

/** Every change a network's feed has been told, in the order told. */
export function changesIn(feed: RawConnection): DocumentChange[] {
  return feed.frames
    .filter((frame) => frameType(frame) === MESSAGE.changed)
    .flatMap((frame) => {
      const decoder = decoding.createDecoder(frame)
      decoding.readVarUint(decoder)
      return readChanged(decoder)
    })
}

/** The latest list of members online a feed was given. */
export function membersIn(feed: RawConnection): Member[] | undefined {
  const frame = feed.frames.filter((candidate) => frameType(candidate) === MESSAGE.members).at(-1)
  if (!frame) return undefined
  const decoder = decoding.createDecoder(frame)
  decoding.readVarUint(decoder)
  return readMembers(decoder)
}
