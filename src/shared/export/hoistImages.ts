import type { JSONContent } from '@tiptap/core'

/** The text blocks an image may be met in (one imported from Word, in any), and the items whose first block must be a paragraph. */
const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'codeBlock'])
const ITEMS = new Set(['listItem', 'taskItem'])

/**
 * The body with each image met in a paragraph, heading or code block taken out into a block of its own, where it
 * stood: the text before it and after it stay blocks of their type, less the spaces next to the
 * image, and an empty one is left out. An item that would then start with an image starts with an empty
 * paragraph, as the schema wants. An image in a link loses the link: an image block carries no marks.
 */
export function hoistImages(body: JSONContent): JSONContent {
  return { ...body, content: (body.content ?? []).flatMap(hoisted) }
}

function hoisted(node: JSONContent): JSONContent[] {
  if (!node.content) return [node]
  if (TEXT_BLOCKS.has(node.type ?? '') && node.content.some((child) => child.type === 'image')) return split(node)
  const content = node.content.flatMap(hoisted)
  if (ITEMS.has(node.type ?? '') && content[0]?.type !== 'paragraph') content.unshift({ type: 'paragraph', content: [] })
  return [{ ...node, content }]
}

function split(block: JSONContent): JSONContent[] {
  const blocks: JSONContent[] = []
  let run: JSONContent[] = []
  const flush = () => {
    const content = trimmed(run)
    if (content.length) blocks.push({ ...block, content })
    run = []
  }
  for (const child of block.content ?? []) {
    if (child.type !== 'image') {
      run.push(child)
      continue
    }
    flush()
    blocks.push({ type: 'image', attrs: child.attrs ?? {} })
  }
  flush()
  return blocks
}

/** Inline content less the spaces at its ends, where an image stood or the block ends. */
function trimmed(content: JSONContent[]): JSONContent[] {
  const out = [...content]
  const first = out[0]
  if (first?.type === 'text') out[0] = { ...first, text: (first.text ?? '').trimStart() }
  const last = out.at(-1)
  if (last?.type === 'text') out[out.length - 1] = { ...last, text: (last.text ?? '').trimEnd() }
  return out.filter((node) => node.type !== 'text' || node.text)
}
