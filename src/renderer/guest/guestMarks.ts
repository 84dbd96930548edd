/**
 * Moments a test or benchmark reads from the page (performance.now(), from the page's navigation):
 * when the join form was sent, and when the editor first became editable.
 */
export interface GuestMarks {
  joinSentAt?: number
  editableAt?: number
}

declare global {
  interface Window {
    casebookGuest?: GuestMarks
  }
}

export function mark(moment: keyof GuestMarks): void {
  window.casebookGuest = { ...window.casebookGuest, [moment]: window.casebookGuest?.[moment] ?? performance.now() }
}
