import { basename, dirname } from 'node:path'
import { documentImages } from '../main/export/documentImages.js'
import { exportDocument } from '../main/export/exportDocument.js'
import { markdownBundle, markdownImageFiles } from '../main/export/markdownBundle.js'
import { readDocument } from '../main/export/readDocument.js'
import { CasebookError } from '../shared/errors.js'
import { EXPORT_FORMATS } from '../shared/export/exportFormat.js'
import { IMAGES_FOLDER } from '../shared/export/markdownImages.js'
import { formatOption, paperOption } from './exportOptions.js'
import { missingImages } from './missingImages.js'
import { writeImageFiles } from './writeImageFiles.js'
import { writeOutputFile } from './writeOutputFile.js'
import type { Command } from './command.js'
import { withLibrary } from './withLibrary.js'
import { recordedReviews } from './recordedReviews.js'
import { withPrinter } from './withPrinter.js'

const FORMAT_NAMES = { md: 'Markdown file', html: 'web page', pdf: 'PDF', docx: 'Word file' } as const

export const exportCommand: Command = {
  name: 'export',
  usage: 'ID [--format md|html|docx|pdf] [--paper a4|letter] [--current] [--comments] [--bundle] [--out FILE [--force]]',
  summary: 'Write a document as Markdown (its images in a folder beside it, or all in one .zip), a standalone HTML page, a Word file or a PDF.',
  options: {
    format: { type: 'string', description: 'md, html, docx or pdf; by default taken from the --out file name' },
    paper: { type: 'string', description: 'a4 (the default) or letter: the pages of a PDF, or of an HTML page printed' },
    out: {
      type: 'string',
      value: 'FILE',
      description: 'the file to write (not a symbolic link, not in the data directory); without it, the export is printed',
    },
    force: { type: 'boolean', description: 'replace the --out file if it exists, keeping its permissions' },
    current: { type: 'boolean', description: "the text as it is now, where the document's network published an earlier one (exported by default)" },
    comments: { type: 'boolean', description: 'a Word file only: its open comments and their replies as Word comments, each on the text it is about' },
    bundle: { type: 'boolean', description: `Markdown only: one .zip (--out FILE.zip) of the Markdown file and its ${IMAGES_FOLDER} folder` },
  },
  positionals: { min: 1, max: 1, name: 'a document ID' },
  async run(context) {
    const out = context.option('out')
    const bundle = context.flag('bundle')
    // A bundle is a .zip of Markdown: its --out names the .zip, not the format.
    const format = formatOption(context.option('format') ?? (bundle ? 'md' : undefined), out, EXPORT_FORMATS)
    if (bundle && format !== 'md')
      throw new CasebookError(
        'USAGE',
        `--bundle writes a Markdown file and its images as one .zip; a ${FORMAT_NAMES[format]} holds its images itself. Leave out --bundle.`,
      )
    if (bundle && !out) throw new CasebookError('USAGE', 'A .zip cannot be shown in the terminal; say where to write it with --out FILE.zip.')
    const paper = paperOption(context.option('paper'))
    if ((format === 'docx' || format === 'pdf') && !out) {
      throw new CasebookError('USAGE', `A ${format === 'pdf' ? 'PDF' : 'Word file'} cannot be shown in the terminal; say where to write it with --out FILE.`)
    }
    const comments = context.flag('comments')
    if (comments && format !== 'docx') {
      throw new CasebookError(
        'USAGE',
        `--comments puts a document's open comments into a Word file; a ${FORMAT_NAMES[format]} has no place for them. Export with --format docx, or leave out --comments.`,
      )
    }
    const unsupported = new Set<string>()
    const {
      meta,
      body,
      comments: placed,
      images,
    } = await withLibrary(context, async (library) => {
      const summary = library.summary(library.resolveId(context.positionals[0] ?? ''))
      const reviewed = (await recordedReviews(context.dataDir, [summary])).reviewed(summary)
      const review = reviewed && (context.flag('current') ? { status: reviewed.status } : reviewed)
      const content = await readDocument(library, summary.id, (type) => unsupported.add(type), review, { comments })
      return { ...content, images: await documentImages(library.blobs, [content.body]) }
    })
    if (unsupported.size) context.warn(`left out what this version of Casebook cannot show: ${[...unsupported].join(', ')}.`)
    if (images.missing) context.warn(missingImages(images.missing))
    const data = await withPrinter((printer) => exportDocument(format, meta, body, { paper, printer, comments: placed, images: images.bytes }))
    const files = format === 'md' ? markdownImageFiles(body, images.bytes) : []
    const written = { force: context.flag('force'), forbidden: context.dataDir }
    if (bundle && out) {
      const name = `${basename(out).replace(/\.zip$/i, '') || 'document'}.md`
      await writeOutputFile(out, await markdownBundle(name, String(data), files), written)
    } else if (out) {
      // The images first: once the Markdown is there, so is all it refers to.
      await writeImageFiles(dirname(out), files, written)
      await writeOutputFile(out, data, written)
    } else {
      if (files.length)
        context.warn(
          `its ${files.length === 1 ? 'image was' : `${files.length} images were`} not written: give --out FILE to write ${files.length === 1 ? 'it' : 'them'} in ${IMAGES_FOLDER}/ beside the Markdown, or --bundle --out FILE.zip.`,
        )
      context.out(String(data).trimEnd())
    }
  },
}
