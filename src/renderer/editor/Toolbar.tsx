import { useEditorState, type Editor } from '@tiptap/react'
import { useRef, useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { Key } from '../i18n/keys.js'

interface Tool {
  label: Key
  /** Shown on the button, a symbol or, from the catalog, a letter (B for Bold, N for Negrita); the label is its accessible name. */
  text: string | { letter: Key }
  run: (editor: Editor) => void
  active?: (editor: Editor) => boolean
  enabled?: (editor: Editor) => boolean
}

const TOOLS: Tool[][] = [
  [
    { label: 'editor.toolbar.undo', text: '↶', run: (e) => e.chain().focus().undo().run(), enabled: (e) => e.can().undo() },
    { label: 'editor.toolbar.redo', text: '↷', run: (e) => e.chain().focus().redo().run(), enabled: (e) => e.can().redo() },
  ],
  [
    {
      label: 'editor.toolbar.heading',
      text: 'H2',
      run: (e) => e.chain().focus().toggleHeading({ level: 2 }).run(),
      active: (e) => e.isActive('heading', { level: 2 }),
    },
    {
      label: 'editor.toolbar.subheading',
      text: 'H3',
      run: (e) => e.chain().focus().toggleHeading({ level: 3 }).run(),
      active: (e) => e.isActive('heading', { level: 3 }),
    },
    {
      label: 'editor.toolbar.bold',
      text: { letter: 'editor.toolbar.boldLetter' },
      run: (e) => e.chain().focus().toggleBold().run(),
      active: (e) => e.isActive('bold'),
    },
    {
      label: 'editor.toolbar.italic',
      text: { letter: 'editor.toolbar.italicLetter' },
      run: (e) => e.chain().focus().toggleItalic().run(),
      active: (e) => e.isActive('italic'),
    },
    { label: 'editor.toolbar.code', text: '</>', run: (e) => e.chain().focus().toggleCode().run(), active: (e) => e.isActive('code') },
  ],
  [
    { label: 'editor.toolbar.bulletList', text: '•', run: (e) => e.chain().focus().toggleBulletList().run(), active: (e) => e.isActive('bulletList') },
    { label: 'editor.toolbar.orderedList', text: '1.', run: (e) => e.chain().focus().toggleOrderedList().run(), active: (e) => e.isActive('orderedList') },
    { label: 'editor.toolbar.taskList', text: '☑', run: (e) => e.chain().focus().toggleTaskList().run(), active: (e) => e.isActive('taskList') },
    { label: 'editor.toolbar.quote', text: '❝', run: (e) => e.chain().focus().toggleBlockquote().run(), active: (e) => e.isActive('blockquote') },
    { label: 'editor.toolbar.codeBlock', text: '{ }', run: (e) => e.chain().focus().toggleCodeBlock().run(), active: (e) => e.isActive('codeBlock') },
  ],
  [
    { label: 'editor.toolbar.table', text: '▦', run: (e) => e.chain().focus().insertTable({ rows: 3, cols: 3, withHeaderRow: true }).run() },
    { label: 'editor.toolbar.rule', text: '―', run: (e) => e.chain().focus().setHorizontalRule().run() },
  ],
]

/** The image files the picker offers: those a document holds (checkImage checks each by its content). */
const IMAGE_ACCEPT = 'image/png,image/jpeg,image/webp,image/gif'

/**
 * Formatting buttons, each named for screen readers and showing whether it applies at the cursor; and
 * Insert image, which hands the picked files to `onImages`.
 */
export function Toolbar({ editor, onImages }: { editor: Editor | null; onImages: (files: File[]) => void }) {
  const { t } = useTranslation()
  const [linking, setLinking] = useState(false)
  const picker = useRef<HTMLInputElement>(null)
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
    <div className="toolbar" role="toolbar" aria-label={t('editor.toolbar.label')}>
      {TOOLS.map((group) => (
        <div key={group[0]!.label} className="toolbar-group">
          {group.map((tool) => {
            const { active, enabled } = state[index++]!
            return (
              <button
                key={tool.label}
                type="button"
                aria-label={t(tool.label)}
                title={t(tool.label)}
                aria-pressed={tool.active ? active : undefined}
                disabled={!enabled}
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => tool.run(editor)}
              >
                {typeof tool.text === 'string' ? tool.text : t(tool.text.letter)}
              </button>
            )
          })}
        </div>
      ))}
      <div className="toolbar-group">
        <button
          type="button"
          aria-label={t('editor.toolbar.link')}
          title={t('editor.toolbar.link')}
          aria-pressed={state.at(-1)!.active}
          aria-expanded={linking}
          onClick={() => setLinking(!linking)}
        >
          {t('editor.toolbar.link')}
        </button>
        {linking && <LinkForm editor={editor} onDone={() => setLinking(false)} />}
      </div>
      <div className="toolbar-group">
        <button type="button" aria-label={t('editor.toolbar.image')} title={t('editor.toolbar.image')} onClick={() => picker.current?.click()}>
          {t('editor.toolbar.imageShort')}
        </button>
        <input
          ref={picker}
          type="file"
          accept={IMAGE_ACCEPT}
          multiple
          hidden
          onChange={(event) => {
            onImages([...(event.target.files ?? [])])
            // The same file may be picked again.
            event.target.value = ''
          }}
        />
      </div>
    </div>
  )
}

/** The address of a link over the selection; an empty one removes the link. */
function LinkForm({ editor, onDone }: { editor: Editor; onDone: () => void }) {
  const [href, setHref] = useState(() => (editor.getAttributes('link')['href'] as string | undefined) ?? 'https://')
  const { t } = useTranslation()
  const [problem, setProblem] = useState<Key | null>(null)
  const apply = (event: FormEvent) => {
    event.preventDefault()
    const chain = editor.chain().focus().extendMarkRange('link')
    if (href.trim() === '' || href === 'https://') {
      chain.unsetLink().run()
      return onDone()
    }
    if (!/^(https?:|mailto:)/i.test(href.trim())) return setProblem('editor.toolbar.badLink')
    chain.setLink({ href: href.trim() }).run()
    onDone()
  }
  return (
    <form className="link-form" onSubmit={apply}>
      <input
        // biome-ignore lint/a11y/noAutofocus: the form opens because the Link button was pressed, to type the address at once.
        autoFocus
        aria-label={t('editor.toolbar.linkAddress')}
        value={href}
        onChange={(event) => setHref(event.target.value)}
        aria-invalid={problem ? true : undefined}
        aria-describedby="link-problem"
      />
      <button type="submit">{t('editor.toolbar.apply')}</button>
      {problem && (
        <span id="link-problem" role="alert" className="problem">
          {t(problem)}
        </span>
      )}
    </form>
  )
}
