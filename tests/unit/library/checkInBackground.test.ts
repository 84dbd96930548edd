import { afterEach, describe, expect, it } from 'vitest'
import { Library, type LibraryChange } from '../../../src/main/library/library.js'
import { newDocumentContent } from '../../../src/shared/model/documentBody.js'
import { libraryWithStaleIndex } from '../../helpers/staleIndexLibrary.js'
import { useTempDir } from '../../helpers/tempDir.js'

const caseStudy = (title: string) => newDocumentContent({ kind: 'case-study', title }, { type: 'doc', content: [{ type: 'paragraph' }] })

describe('a library opened with checkInBackground', () => {
  const temp = useTempDir()
  const opened: Library[] = []
  afterEach(async () => {
    await Promise.allSettled(opened.splice(0).map((library) => library.close()))
  })
  const titles = (library: Library) =>
    library
      .list()
      .map((summary) => summary.meta.title)
      .sort()

  it('lists what index.json holds at once, then tells each document the check corrected, before any document opens', async () => {
    const ids = await libraryWithStaleIndex(temp.path)
    const library = await Library.open(temp.path, { checkInBackground: true })
    opened.push(library)
    const told: LibraryChange[] = []
    library.watch((change) => told.push(change))
    expect(titles(library)).toEqual(['Lagos BRT', 'Pune cycle lanes', 'Quito cable car'])

    // Opening a document waits for the check: by then the list is the folders'.
    const handle = await library.open(ids.kept)
    await handle.close()
    expect(titles(library)).toEqual(['Dakar minibuses', 'Lagos bus rapid transit', 'Pune cycle lanes'])
    expect(library.listTrash().map((summary) => summary.id)).toEqual([ids.trashed])
    expect(told.map((change) => [change.id, change.cause]).sort()).toEqual([ids.edited, ids.trashed, ids.created].map((id) => [id, 'checked']).sort())
    // Saved as checked: the next open, checked before it returns, finds nothing to correct.
    await library.close()
    opened.pop()
    const reopened = await Library.open(temp.path, { checkInBackground: true })
    opened.push(reopened)
    const toldAgain: LibraryChange[] = []
    reopened.watch((change) => toldAgain.push(change))
    expect(titles(reopened)).toEqual(['Dakar minibuses', 'Lagos bus rapid transit', 'Pune cycle lanes'])
    await (await reopened.open(ids.kept)).close()
    expect(toldAgain).toEqual([])
  })

  it('lets a document be created, trashed and restored only once checked, and none is lost', async () => {
    const ids = await libraryWithStaleIndex(temp.path)
    const library = await Library.open(temp.path, { checkInBackground: true })
    opened.push(library)
    const created = library.create(caseStudy('Medellín escalators'))
    const trashed = library.trash(ids.kept)
    const restored = library.restore(ids.trashed)
    await Promise.all([created, trashed, restored])
    expect(titles(library)).toEqual(['Dakar minibuses', 'Lagos bus rapid transit', 'Medellín escalators', 'Quito cable car'])
    expect(library.listTrash().map((summary) => summary.id)).toEqual([ids.kept])
    await library.close()
    opened.pop()
    const reopened = await Library.open(temp.path)
    opened.push(reopened)
    expect(titles(reopened)).toEqual(['Dakar minibuses', 'Lagos bus rapid transit', 'Medellín escalators', 'Quito cable car'])
  })

  it('without it, opens only once the index is checked', async () => {
    await libraryWithStaleIndex(temp.path)
    const library = await Library.open(temp.path)
    opened.push(library)
    expect(titles(library)).toEqual(['Dakar minibuses', 'Lagos bus rapid transit', 'Pune cycle lanes'])
  })
})
