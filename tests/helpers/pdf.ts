import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'

export interface ReadPdf {
  /** Each page's text, its items joined by spaces. */
  pages: string[]
  /** The outline's entries, each as its title and its children's. */
  outline: OutlineEntry[]
  /** Each page's width and height, in points, rounded. */
  sizes: [number, number][]
  /** The links on each page: their addresses. */
  links: string[][]
  /** The links on each page within the file: the page each leads to, counted from 1. */
  internalLinks: number[][]
  /** The document's properties (Title, Author, Subject, Keywords, Creator…). */
  info: Record<string, unknown>
  /** Whether it is a tagged PDF. */
  tagged: boolean
}

export interface OutlineEntry {
  title: string
  items: OutlineEntry[]
}

/** A PDF as pdf.js reads it. */
export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise
  try {
    const pages: string[] = []
    const links: string[][] = []
    const internalLinks: number[][] = []
    const sizes: [number, number][] = []
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number)
      const [left = 0, bottom = 0, right = 0, top = 0] = page.view
      sizes.push([Math.round(right - left), Math.round(top - bottom)])
      const { items } = await page.getTextContent()
      pages.push(
        items
          .map((item) => ('str' in item ? item.str : ''))
          .join(' ')
          .replace(/\s+/g, ' '),
      )
      const annotations = (await page.getAnnotations()).filter((annotation) => annotation.subtype === 'Link')
      links.push(annotations.filter((annotation) => annotation.url).map((annotation) => annotation.url as string))
      const destinations = annotations.filter((annotation) => annotation.dest).map((annotation) => annotation.dest as string | unknown[])
      internalLinks.push(
        await Promise.all(
          destinations.map(async (dest) => {
            const explicit = typeof dest === 'string' ? await pdf.getDestination(dest) : dest
            return (await pdf.getPageIndex(explicit?.[0] as Parameters<typeof pdf.getPageIndex>[0])) + 1
          }),
        ),
      )
    }
    const outline = ((await pdf.getOutline()) ?? []) as OutlineEntry[]
    const strip = (entries: OutlineEntry[]): OutlineEntry[] => entries.map(({ title, items }) => ({ title, items: strip(items) }))
    const { info } = await pdf.getMetadata()
    return {
      pages,
      outline: strip(outline),
      sizes,
      links,
      internalLinks,
      info: info as Record<string, unknown>,
      tagged: (await pdf.getMarkInfo())?.Marked === true,
    }
  } finally {
    await pdf.destroy()
  }
}

/**
 * A page of the PDF (the first unless said) as a PNG under test-results/exports/, for a person to
 * look at. It needs poppler's pdftoppm, and says so when it is missing.
 */
export function savePage(bytes: Uint8Array, name: string, page = 1): string {
  const folder = join(import.meta.dirname, '../../test-results/exports')
  mkdirSync(folder, { recursive: true })
  const pdf = join(folder, `${name}.pdf`)
  writeFileSync(pdf, bytes)
  try {
    execFileSync('pdftoppm', ['-png', '-r', '80', '-f', String(page), '-l', String(page), '-singlefile', pdf, join(folder, name)])
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error('Saving a PDF page as an image needs pdftoppm: install it with "apt-get install -y poppler-utils".')
    throw error
  }
  return join(folder, `${name}.png`)
}
