import { IMPORT_EXTENSIONS } from '../../shared/ipc/importableFile.js'

/**
 * Opens the system's file picker for Markdown and Word files and hands over those picked. It must be
 * called in a user gesture (a click, or the desktop menu's command), or the browser opens nothing.
 */
export function pickImportFiles(onFiles: (files: File[]) => void): void {
  const input = document.createElement('input')
  input.type = 'file'
  input.multiple = true
  input.accept = IMPORT_EXTENSIONS.join(',')
  input.addEventListener('change', () => onFiles([...(input.files ?? [])]))
  input.click()
}
