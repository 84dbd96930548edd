import { Extension } from '@tiptap/core'

/**
 * Casebook documents hold no images yet. So that an imported Markdown image is not silently reduced
 * to its alt text, it becomes a link to the image, labelled with the alt text. The importer tells the
 * user how many images were turned into links.
 */
export const ImageAsLink = Extension.create({
  name: 'imageAsLink',
  markdownTokenName: 'image',
  parseMarkdown(token, helpers) {
    const label = token.text || token.href
    return helpers.applyMark('link', [helpers.createTextNode(label)], { href: token.href, title: token.title ?? null })
  },
})
