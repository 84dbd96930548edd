import { join } from 'node:path'
import { CasebookError } from '../../shared/errors.js'
import { commentsRoomOf } from '../../shared/protocol/rooms.js'
import { MAGIC } from './frames.js'
import { readStoredDoc, writeStoredDoc, type StoredDoc } from './storedDoc.js'

/**
 * A document's comments (commentEvents.ts) are a file in its folder per network it was in:
 * `comments.<network>`, or `comments` while private. A document that moves to another network starts
 * a conversation there afresh: the first network's comments are its members' (the relay would refuse
 * them as another invite's), and they stay where they were.
 */
function commentsPath(documentDir: string, network: string | undefined): string {
  return join(documentDir, network ? `comments.${network}` : 'comments')
}

/** Reads the comments, or none if there are none. */
export function readComments(documentDir: string, documentId: string, network: string | undefined): Promise<StoredDoc> {
  return readStoredDoc(
    commentsPath(documentDir, network),
    commentsRoomOf(documentId),
    MAGIC.comments,
    (why, cause) => new CasebookError('DOCUMENT_DAMAGED', `The comments of document ${documentId} are damaged: ${why}.`, { cause, reason: 'commentsDamaged' }),
  )
}

export async function writeComments(documentDir: string, network: string | undefined, comments: StoredDoc): Promise<void> {
  await writeStoredDoc(commentsPath(documentDir, network), comments, MAGIC.comments)
}
