/**
 * When a workshop ends or ended, as a time of day in the page's language ("16:30", "4:30 PM"). A
 * session lasts a day at most (MAX_WORKSHOP_MINUTES), so the day is left out.
 */
export function endTime(language: string, at: number): string {
  return new Intl.DateTimeFormat(language, { hour: 'numeric', minute: '2-digit' }).format(at)
}
