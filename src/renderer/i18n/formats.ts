/**
 * Dates and lists in a language's own way (Intl): the window's language, not the system's,
 * so that a page in French reads « 26 nov. 2026 » even on an English system. Numbers in messages are
 * i18next's `{{count, number}}`, which is Intl.NumberFormat in the same language.
 */
export function formats(language: string) {
  const day = new Intl.DateTimeFormat(language, { day: 'numeric', month: 'short', year: 'numeric' })
  const moment = new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short' })
  const clock = new Intl.DateTimeFormat(language, { timeStyle: 'short' })
  const relative = new Intl.RelativeTimeFormat(language, { numeric: 'auto' })
  const list = new Intl.ListFormat(language, { type: 'disjunction' })
  return {
    /** A day, such as "26 Nov 2026". */
    day: (iso: string) => day.format(new Date(iso)),
    /** A day and a time of day, such as "26 Nov 2026, 14:05". */
    moment: (iso: string) => moment.format(new Date(iso)),
    /** A time of today, such as "16:30" (or "4:30 PM"); of another day, with its day, as `moment`. */
    time: (iso: string, now = Date.now()) => (new Date(iso).toDateString() === new Date(now).toDateString() ? clock : moment).format(new Date(iso)),
    /** How long ago, or how far ahead, in the largest whole unit: "yesterday", "3 hours ago". */
    relative: (iso: string, now = Date.now()) => {
      const seconds = (new Date(iso).getTime() - now) / 1000
      const [unit, size] = UNITS.find(([, size]) => Math.abs(seconds) >= size) ?? ['second', 1]
      return relative.format(Math.round(seconds / size), unit)
    },
    /** Alternatives, such as "draft, in-review or published". */
    choices: (items: readonly string[]) => list.format(items),
  }
}

export type Formats = ReturnType<typeof formats>

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400],
  ['month', 30 * 86_400],
  ['week', 7 * 86_400],
  ['day', 86_400],
  ['hour', 3600],
  ['minute', 60],
]
