/**
 * The renderer's DocumentPeer applies remote updates on animation frames, which Node has not: tests
 * that run it in Node import this first, for a frame every 16 ms, as a visible browser page has.
 */
declare global {
  function requestAnimationFrame(callback: () => void): number
  function cancelAnimationFrame(handle: number): void
}

const frames = globalThis as { requestAnimationFrame?: typeof requestAnimationFrame; cancelAnimationFrame?: typeof cancelAnimationFrame }
frames.requestAnimationFrame ??= (callback) => Number(setTimeout(callback, 16))
frames.cancelAnimationFrame ??= (handle) => clearTimeout(handle)

export {}
