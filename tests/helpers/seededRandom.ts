/** Numbers in [0, 1) from a linear congruential generator: the same seed, the same run of a randomized test. */
export function seededRandom(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state / 0x7fffffff
  }
}
