import { ORDERED_LIST_MARKER_PATTERN } from '@tiptap/extension-list'

/** ORDERED_LIST_ITEM_REGEX of @tiptap/extension-list, which it does not export: an ordered item line, its indent first. */
export const ORDERED_ITEM = new RegExp(`^(\\s*)(${ORDERED_LIST_MARKER_PATTERN})([.)])\\s+(.*)$`)
