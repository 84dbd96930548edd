import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import * as Y from 'yjs'
import { BODY_FRAGMENT } from '../../src/shared/model/document.js'

/** Where the editing traces are: CASEBOOK_TRACES, else the workspace's shared data folder. */
const TRACES = process.env['CASEBOOK_TRACES'] ?? join(import.meta.dirname, '../../../shared/data/editing-traces')

/** A sequential editing trace (see the traces' README). */
export interface Trace {
  startContent: string
  endContent: string
  txns: { patches: [position: number, deleted: number, inserted: string][] }[]
}

export function loadTrace(name: string): Trace {
  const path = join(TRACES, `${name}.json.gz`)
  try {
    return JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as Trace
  } catch (error) {
    throw new Error(`The benchmark needs ${path}; set CASEBOOK_TRACES to the folder of the editing traces (${(error as Error).message}).`)
  }
}

/** The Y.XmlText of the body's first paragraph, created if the paragraph has none. */
export function paragraphText(doc: Y.Doc): Y.XmlText {
  const body = doc.getXmlFragment(BODY_FRAGMENT)
  if (body.length === 0) body.insert(0, [new Y.XmlElement('paragraph')])
  const paragraph = body.get(0) as Y.XmlElement
  if (paragraph.length === 0) paragraph.insert(0, [new Y.XmlText()])
  return paragraph.get(0) as Y.XmlText
}

export function applyPatch(text: Y.Text, [position, deleted, inserted]: [number, number, string]): void {
  if (deleted) text.delete(position, deleted)
  if (inserted) text.insert(position, inserted)
}
