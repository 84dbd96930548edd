import { readFile } from 'node:fs/promises'
import { extname } from 'node:path'
import { CasebookError } from '../shared/errors.js'
import { toHtml } from '../shared/export/html.js'
import { toMarkdown } from '../shared/export/markdown.js'
import { toDocx } from '../main/export/toDocx.js'
import { readMeta } from '../shared/model/document.js'
import { readBody } from '../shared/model/documentBody.js'
import { writeOutputFile } from './writeOutputFile.js'
import type { Command } from './command.js'
import { withLibrary } from './withLibrary.js'

const FORMATS = ['md', 'html', 'docx'] as const
type Format = (typeof FORMATS)[number]

const STYLESHEET = new URL('../../assets/export.css', import.meta.url)

export const exportCommand: Command = {
  name: 'export',
  usage: 'ID [--format md|html|docx] [--out FILE [--force]]',
  summary: 'Write a document as Markdown, a standalone HTML page or a Word file.',
  options: {
    format: { type: 'string', description: 'md, html or docx; by default taken from the --out file name' },
    out: {
      type: 'string',
      value: 'FILE',
      description: 'the file to write (not a symbolic link, not in the data directory); without it, the export is printed',
    },
    force: { type: 'boolean', description: 'replace the --out file if it exists, keeping its permissions' },
  },
  positionals: { min: 1, max: 1, name: 'a document ID' },
  async run(context) {
    const out = context.option('out')
    const format = exportFormat(context.option('format'), out)
    if (format === 'docx' && !out) throw new CasebookError('USAGE', 'A Word file cannot be printed; say where to write it with --out FILE.')
    const unsupported = new Set<string>()
    const { meta, body } = await withLibrary(context, async (library) => {
      const { doc } = await library.open(library.resolveId(context.positionals[0] ?? ''))
      return { meta: readMeta(doc), body: readBody(doc, (type) => unsupported.add(type)) }
    })
    if (unsupported.size) context.warn(`left out what this version of Casebook cannot show: ${[...unsupported].join(', ')}.`)
    const data =
      format === 'md' ? toMarkdown(meta, body) : format === 'html' ? toHtml(meta, body, await readFile(STYLESHEET, 'utf8')) : await toDocx(meta, body)
    if (out) await writeOutputFile(out, data, { force: context.flag('force'), forbidden: context.dataDir })
    else context.out(String(data).trimEnd())
  },
}

function exportFormat(given: string | undefined, out: string | undefined): Format {
  const format = (given ?? (out ? extname(out).slice(1) : undefined))
    ?.toLowerCase()
    .replace(/^markdown$/, 'md')
    .replace(/^htm$/, 'html')
  if (!format) throw new CasebookError('USAGE', 'Say which format to export with --format md, html or docx.')
  if (!(FORMATS as readonly string[]).includes(format)) {
    throw new CasebookError('USAGE', `Casebook exports md, html or docx, not "${format}"; choose one with --format.`)
  }
  return format as Format
}
