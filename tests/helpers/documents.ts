import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../src/shared/model/document.js'

/** Appends a paragraph to a document's body the way the editor would: one transaction, one update. */
export function appendParagraph(doc: Y.Doc, text: string): void {
  doc.transact(() => {
    const paragraph = new Y.XmlElement('paragraph')
    paragraph.insert(0, [new Y.XmlText(text)])
    doc.getXmlFragment(BODY_FRAGMENT).push([paragraph])
  })
}

/** The text of every paragraph in the body, in order. */
export function paragraphs(doc: Y.Doc): string[] {
  return doc
    .getXmlFragment(BODY_FRAGMENT)
    .toArray()
    .filter((node): node is Y.XmlElement => node instanceof Y.XmlElement && node.nodeName === 'paragraph')
    .map((node) =>
      node
        .toArray()
        .map((child) => (child instanceof Y.XmlText ? child.toString() : ''))
        .join(''),
    )
    .filter((text) => text !== '')
}
