import { generateJSON } from '@tiptap/html/server'
import mammoth from 'mammoth'
import { CasebookError } from '../../shared/errors.js'
import { importWarning } from '../../shared/importWarning.js'
import { firstHeading } from '../../shared/model/documentBody.js'
import { schemaExtensions } from '../../shared/model/schema.js'
import { checkDocxParts } from './checkDocxParts.js'
import type { Converted } from './convertFile.js'

/** Past this, a part of a Word file (its text, styles, an image) is refused before it is read. */
const MAX_UNPACKED_PART_BYTES = 50 << 20

/** Images are left out (the schema holds none), so their bytes are never read, let alone inlined as base64. */
const LEFT_OUT = mammoth.images.imgElement(async () => ({ src: '' }))

/** Word documents go through HTML (mammoth), then the shared schema's own HTML parsing rules. */
export async function docxToContent(data: Buffer): Promise<Converted> {
  checkDocxParts(data, MAX_UNPACKED_PART_BYTES)
  let result: Awaited<ReturnType<typeof mammoth.convertToHtml>>
  try {
    result = await mammoth.convertToHtml({ buffer: data }, { convertImage: LEFT_OUT })
  } catch (error) {
    throw new CasebookError('INVALID_FILE', 'It is not a readable Word document (.docx).', { cause: error, reason: 'notDocx' })
  }
  const body = generateJSON(result.value, schemaExtensions)
  const images = result.value.match(/<img\b/g)?.length ?? 0
  const warnings = result.messages
    .filter((message) => message.type === 'warning')
    .map((message) => importWarning('wordMessage', { message: message.message }, `Word: ${message.message}`))
  if (images) {
    const sentence = `${images === 1 ? '1 image was' : `${images} images were`} left out, because Casebook documents hold no images yet.`
    warnings.push(importWarning('imagesLeftOut', { count: images }, sentence))
  }
  return { fields: {}, body, titleFromContent: firstHeading(body), warnings }
}
