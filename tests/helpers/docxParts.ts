import JSZip from 'jszip'
import { unescapeXml } from '../../src/main/import/unescapeXml.js'

/** The text of each named part of a Word file (word/document.xml, docProps/core.xml…); null for one it does not have. */
export async function docxParts(data: Uint8Array, ...names: string[]): Promise<(string | null)[]> {
  const zip = await JSZip.loadAsync(data)
  return Promise.all(names.map((name) => zip.file(name)?.async('string') ?? null))
}

/** The text of each paragraph of a part, with its style ID (null for none), in order. */
export function styledParagraphs(xml: string): { style: string | null; text: string }[] {
  return [...xml.matchAll(/<w:p\b[^>]*?(?:\/>|>([\s\S]*?)<\/w:p>)/g)].map(([, inner = '']) => ({
    style: /<w:pStyle w:val="([^"]+)"\/>/.exec(inner)?.[1] ?? null,
    text: [...inner.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)]
      .map(([tab, text]) => (text === undefined ? (tab === '<w:tab/>' ? '\t' : '') : unescapeXml(text)))
      .join(''),
  }))
}
