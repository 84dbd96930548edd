import type { AnyExtension } from '@tiptap/core'
import { Image } from '../../../shared/model/extensions/image.js'
import { schemaExtensions } from '../../../shared/model/schema.js'
import type { ImageStore } from './imageStore.js'
import { ImageView } from './ImageView.js'

/** The schema's extensions as the window shows a body: the same nodes, its images drawn from `images`. */
export function bodyExtensions(images: ImageStore): AnyExtension[] {
  return schemaExtensions.map((extension) => (extension === Image ? ImageView.configure({ images }) : extension))
}
