import { useEditorState, type Editor } from '@tiptap/react'
import { useState, type FormEvent } from 'react'

interface Tool {
  label: string
  /** Shown on the button; the label is its accessible name. */
  text: string
  run: (editor: Editor) => void
  active?: (editor: Editor) => boolean
  enabled?: (editor: Editor) => boolean
}

const TOOLS: Tool[][] = [
  [
    { label: 'Undo', text: '↶', run: (e) => e.chain().focus().undo().run(), enabled: (e) => e.can().undo() },
    { label: 'Redo', text: '↷', run: (e) => e.chain().focus().redo().run(), enabled: (e) => e.can().redo() },
  ],
  [
    { label: 'Heading', text: 'H2', run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(), active: (e) => e.isActive('heading', { level: 2 }) },
    { label: 'Subheading', text: 'H3', run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(), active: (e) => e.isActive('heading', { level: 3 }) },
    { label: 'Bold', text: 'B', run: (e) => e.chain().focus().toggleBold().run(), active: (e) => e.isActive('bold') },
    { label: 'Italic', text: 'I', run: (e) => e.chain().focus().toggleItalic().run(), active: (e) => e.isActive('italic') },
    { label: 'Code', text: '</>', run: (e) => e.chain().focus().toggleCode().run(), active: (e) => e.isActive('code') },
  ],
  [
    { label: 'Bulleted list', text: '•', run: (e) => e.chain().focus().toggleBulletList().run(), active: (e) => e.isActive('bulletList') },
    { label: 'Numbered list', text: '1.', run: (e) => e.chain().focus().toggleOrderedList().run(), active: (e) => e.isActive('orderedList') },
    { label: 'Task list', text: '☑', run: (e) => e.chain().focus().toggleTaskList().run(), active: (e) => e.isActive('taskList') },
    { label: 'Quote', text: '❝', run: (e) => e.chain().focus().toggleBlockquote().run(), active: (e) => e.isActive('blockquote') },
    { label: 'Code block', text: '{ }', run: (e) => e.chain().focus().toggleCodeBlock().run(), active: (e) => e.isActive('codeBlock') },
  ],
  [
    { label: 'Table', text: '▦', run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
    { label: 'Horizontal rule', text: '―', run: (e) => e.chain().focus().setHorizontalRule().run() },
  ],
]

/** Formatting buttons, each named for screen readers and showing whether it applies at the cursor. */
export function Toolbar({ editor }: { editor: Editor | null }) {
  const [linking, setLinking] = useState(false)
  const state = useEditorState({
    editor,
    selector: ({ editor: current }) =>
      current
        ? TOOLS.flat()
            .map((tool) => ({ active: tool.active?.(current) ?? false, enabled: tool.enabled?.(current) ?? true }))
            .concat({ active: current.isActive('link'), enabled: true })
        : null,
  })
  if (!editor || !state) return null
  let index = 0
  return (
    <div className="toolbar" role="toolbar" aria-label="Formatting">
      {TOOLS.map((group) => (
        <div key={group[0]!.label} className="toolbar-group">
          {group.map((tool) => {
            const { active, enabled } = state[index++]!
            return (
              <button
                key={tool.label}
                type="button"
                aria-label={tool.label}
                title={tool.label}
                aria-pressed={tool.active ? active : undefined}
                disabled={!enabled}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => tool.run(editor)}
              >
                {tool.text}
              </button>
            )
          })}
        </div>
      ))}
      <div className="toolbar-group">
        <button type="button" aria-label="Link" title="Link" aria-pressed={state.at(-1)!.active} aria-expanded={linking} onClick={() => setLinking(!linking)}>
          Link
        </button>
        {linking && <LinkForm editor={editor} onDone={() => setLinking(false)} />}
      </div>
    </div>
  )
}

/** The address of a link over the selection; an empty one removes the link. */
function LinkForm({ editor, onDone }: { editor: Editor; onDone: () => void }) {
  const [href, setHref] = useState(() => (editor.getAttributes('link')['href'] as string | undefined) ?? 'https://')
  const [problem, setProblem] = useState<string | null>(null)
  const apply = (event: FormEvent) => {
    event.preventDefault()
    const chain = editor.chain().focus().extendMarkRange('link')
    if (href.trim() === '' || href === 'https://') {
      chain.unsetLink().run()
      return onDone()
    }
    if (!/^(https?:|mailto:)/i.test(href.trim())) return setProblem('Give an address starting with https://, http:// or mailto:.')
    chain.setLink({ href: href.trim() }).run()
    onDone()
  }
  return (
    <form className="link-form" onSubmit={apply}>
      <input
        // biome-ignore lint/a11y/noAutofocus: the form opens because the Link button was pressed, to type the address at once.
        autoFocus
        aria-label="Link address"
        value={href}
        onChange={(event) => setHref(event.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby="link-problem"
      />
      <button type="submit">Apply</button>
      {problem && (
        <span id="link-problem" role="alert" className="problem">
          {problem}
        </span>
      )}
    </form>
  )
}
