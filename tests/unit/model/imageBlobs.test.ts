import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../../src/shared/model/document.js'
import { buildDocument, newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { imageBlobs, observeImageBlobs } from '../../../src/shared/model/imageBlobs.js'
import { appendParagraph } from '../../helpers/documents.js'
import { appendImage, imageBody, removeImages } from '../../helpers/imageDocuments.js'

const photo = { hash: 'a'.repeat(64), type: 'jpeg', width: 640, height: 480 } as const
const chart = { hash: 'b'.repeat(64), type: 'png', width: 300, height: 200 } as const

function documentWith(body: ReturnType<typeof imageBody>): Y.Doc {
  return buildDocument('x', newDocumentContent({ kind: 'case-study', title: 'Ridership' }, body))
}

describe('imageBlobs', () => {
  it('finds every image node of the body, wherever it stands', () => {
    const body = imageBody([photo])
    // An image inside a quote counts as one at the top.
    body.content?.push({ type: 'blockquote', content: [imageBody([chart]).content![1]!] })
    expect([...imageBlobs(documentWith(body))].sort()).toEqual([photo.hash, chart.hash])
  })

  it('finds none in a body without images, and passes over a blob that is no hash', () => {
    expect(imageBlobs(documentWith(imageBody([])))).toEqual(new Set())
    const doc = documentWith(imageBody([]))
    appendImage(doc, { ...photo, hash: 'not-a-hash' })
    expect(imageBlobs(doc)).toEqual(new Set())
  })

  it('finds an image added after the document was made, and not one removed', () => {
    const doc = documentWith(imageBody([]))
    appendImage(doc, chart)
    expect(imageBlobs(doc)).toEqual(new Set([chart.hash]))
    removeImages(doc)
    expect(imageBlobs(doc)).toEqual(new Set())
  })
})

describe('observeImageBlobs', () => {
  it('tells the images when one is added, here or by a sync, and not while text is typed', () => {
    const doc = documentWith(imageBody([]))
    const told: string[][] = []
    const stop = observeImageBlobs(doc, (hashes) => told.push([...hashes]))
    const paragraph = doc.getXmlFragment(BODY_FRAGMENT).get(0) as Y.XmlElement
    ;(paragraph.get(0) as Y.XmlText).insert(0, 'Typed ')
    expect(told).toEqual([])
    appendImage(doc, photo)
    expect(told).toEqual([[photo.hash]])
    // From another device: an update applied as a sync would.
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
    appendImage(other, chart)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, Y.encodeStateVector(doc)))
    expect(told.at(-1)?.sort()).toEqual([photo.hash, chart.hash])
    stop()
    appendParagraph(doc, 'after')
    appendImage(doc, chart)
    expect(told).toHaveLength(2)
  })
})
