import { updateYFragment } from '@tiptap/y-tiptap'
import { BODY_FRAGMENT, writeMeta } from '../../shared/model/document.js'
import { readBody } from '../../shared/model/documentBody.js'
import { schema } from '../../shared/model/schema.js'
import type { DocumentStatus } from '../../shared/model/meta.js'
import type { VersionInfo } from '../../shared/model/version.js'
import type { Library } from './library.js'

/**
 * Puts a version's body back as an ordinary edit of the document: y-tiptap's updateYFragment changes
 * the current body into the version's, paragraph by paragraph and word by word, so that what another
 * device wrote meanwhile, in paragraphs the restore does not touch, survives when their edits merge.
 * The meta (title, status, network) stays as it is now. First the current state is saved as a
 * version, labelled `before` (the window says it in its language), so nothing is lost; that version
 * is returned.
 */
export async function restoreVersion(
  library: Library,
  id: string,
  versionId: string,
  before: { label: string; author: string },
  status?: DocumentStatus,
): Promise<VersionInfo> {
  const version = await library.readVersion(id, versionId)
  const body = schema.nodeFromJSON(readBody(version))
  version.destroy()
  const saved = await library.saveVersion(id, before, status)
  const handle = await library.open(id)
  try {
    updateYFragment(handle.doc, handle.doc.getXmlFragment(BODY_FRAGMENT), body, { mapping: new Map(), isOMark: new Map() })
    // An edit, which the library lists by and other devices see as a change.
    writeMeta(handle.doc, {})
    await handle.flushed()
  } finally {
    await handle.close()
  }
  return saved
}
