import type JSZip from 'jszip'
import { importWarning, type ImportWarning } from '../../shared/importWarning.js'
import { metaSchema } from '../../shared/model/meta.js'
import { unescapeXml } from './unescapeXml.js'

/** The meta fields Casebook's own Word files keep as custom properties (src/main/export/toDocx.ts). */
const CUSTOM_FIELDS = ['kind', 'network', 'city', 'country', 'language'] as const

export interface DocxProperties {
  fields: Record<string, unknown>
  warnings: ImportWarning[]
}

/**
 * The meta fields a Word file's properties give: its title, its authors (Word's creator), its topics
 * (its keywords, which Word separates with semicolons) and the fields Casebook keeps as custom
 * properties. A property whose value a document cannot hold is left out, with a warning, rather than
 * refusing a file whose text is fine: Word fills some of them in by itself.
 */
export async function docxProperties(zip: JSZip): Promise<DocxProperties> {
  const core = (await zip.file('docProps/core.xml')?.async('string')) ?? ''
  const custom = (await zip.file('docProps/custom.xml')?.async('string')) ?? ''
  const found: Record<string, unknown> = {}
  const title = element(core, 'dc:title')
  if (title) found['title'] = title
  // "Un-named" is what the docx package, which many programs write Word files with, writes for no one.
  const authors = list(element(core, 'dc:creator')).filter((author) => author !== 'Un-named')
  if (authors.length) found['authors'] = authors
  const topics = list(element(core, 'cp:keywords'))
  if (topics.length) found['topics'] = topics
  for (const field of CUSTOM_FIELDS) {
    const value = new RegExp(`name="casebook:${field}"[^>]*>\\s*<vt:lpwstr>([^<]*)</vt:lpwstr>`).exec(custom)?.[1]
    if (value) found[field] = unescapeXml(value)
  }
  const fields: Record<string, unknown> = {}
  const warnings: ImportWarning[] = []
  for (const [field, value] of Object.entries(found)) {
    // Matched as a tag by the importer, which says itself when it leaves one out.
    if (field === 'language' || metaSchema.shape[field as keyof typeof metaSchema.shape].safeParse(value).success) fields[field] = value
    else warnings.push(importWarning('wordPropertyLeftOut', { field }, `The Word property "${field}" was left out: Casebook cannot keep its value.`))
  }
  return { fields, warnings }
}

function element(xml: string, name: string): string {
  return unescapeXml(new RegExp(`<${name}(?:\\s[^>]*)?>([^<]*)</${name}>`).exec(xml)?.[1] ?? '').trim()
}

function list(value: string): string[] {
  return value
    .split(';')
    .map((item) => item.trim())
    .filter(Boolean)
}
