/**
 * Hands a file to the browser as a download: the browser shell's browser saves it (and never
 * replaces a file, naming the new one "name (1).pdf"), the desktop app's Electron asks where in its
 * save dialog, which asks before replacing a file.
 */
export function saveDownload(name: string, bytes: Uint8Array, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  // The browser reads the blob once the download starts, which a save dialog may hold up for a while.
  setTimeout(() => URL.revokeObjectURL(url), 10 * 60_000)
}
