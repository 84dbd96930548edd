import type { AnyExtension } from '@tiptap/core'

/**
 * Each extension changed by `map`, and so are the ones a kit (StarterKit) adds, in their places and with
 * the kit's options.
 */
export function mapExtensions(extensions: AnyExtension[], map: (extension: AnyExtension) => AnyExtension): AnyExtension[] {
  return extensions.map((extension) => {
    if (extension.name !== 'starterKit') return map(extension)
    return extension.extend({
      addExtensions() {
        return ((this.parent?.() ?? []) as AnyExtension[]).map(map)
      },
    })
  })
}
