import { getSchema, type AnyExtension } from '@tiptap/core'
import StarterKit from '@tiptap/starter-kit'
import { TaskItem, TaskList } from '@tiptap/extension-list'
import { TableCell, TableHeader, TableRow } from '@tiptap/extension-table'
import { Image } from './extensions/image.js'
import { Paragraph } from './extensions/paragraph.js'
import { Table } from './extensions/table.js'

/**
 * The one list of TipTap extensions that defines what a Casebook document body can hold. The editor,
 * Markdown and DOCX import, and every export use it, so they always agree on the schema.
 *
 * Undo is left out because the editor's Collaboration extension brings its own, and underline
 * because Markdown cannot express it.
 */
export const schemaExtensions: AnyExtension[] = [
  StarterKit.configure({ paragraph: false, undoRedo: false, underline: false }),
  Paragraph,
  TaskList,
  TaskItem.configure({ nested: true }),
  Table,
  TableRow,
  TableHeader,
  TableCell,
  Image,
]

export const schema = getSchema(schemaExtensions)
