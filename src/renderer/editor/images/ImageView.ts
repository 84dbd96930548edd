import { ReactNodeViewRenderer } from '@tiptap/react'
import { Image } from '../../../shared/model/extensions/image.js'
import { ImageFigure } from './ImageFigure.js'
import type { ImageStore } from './imageStore.js'

/** The schema's image node as the window draws it (ImageFigure), its blobs read from `images` (the library's, or a guest page's from the relay; null only until configured). */
export const ImageView = Image.extend<{ images: ImageStore | null }>({
  addOptions() {
    return { images: null }
  },
  addNodeView() {
    return ReactNodeViewRenderer(ImageFigure)
  },
})
