/** Caret colours a guest is given at random, each dark enough for white letters on it. */
const GUEST_COLORS = ['#1f77b4', '#c0392b', '#2e7d32', '#7b4fa0', '#8c564b', '#b0387a', '#00796b', '#9a6700', '#3949ab', '#d35400']

export function guestColor(random = crypto.getRandomValues(new Uint8Array(1))[0] ?? 0): string {
  return GUEST_COLORS[random % GUEST_COLORS.length]!
}
