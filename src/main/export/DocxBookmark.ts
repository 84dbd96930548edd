import { Bookmark, BookmarkEnd, BookmarkStart, type ParagraphChild } from 'docx'

/**
 * A bookmark with an id of its own. The docx package's Bookmark takes its id from a counter made
 * anew for each one, so every bookmark of a file is numbered 1; Word pairs a bookmark's start and
 * end by that id, and expects each bookmark to have its own.
 */
export class DocxBookmark extends Bookmark {
  constructor(name: string, id: number, children: ParagraphChild[]) {
    super({ id: name, children })
    Object.assign(this, { start: new BookmarkStart(name, id), end: new BookmarkEnd(id) })
  }
}
