/**
 * A request's URL, or anything that may be one, as the relay may write it to its log: without its
 * query string and fragment, where stock y-websocket clients put their invite token, and with a
 * workshop's code masked where the path holds one (`/w/<code>…`, `/workshops/<code>…`), since the
 * code admits anyone to the workshop until it ends. It works on text that does not parse as a URL
 * too, as a client's garbage is exactly what gets logged.
 */
export function redactUrl(url: unknown): unknown {
  if (typeof url !== 'string') return url
  const end = url.search(/[?#]/)
  // The guest page's files (`/w/assets/…`) hold no code.
  const path = (end === -1 ? url : url.slice(0, end)).replace(/(\/(?:w|workshops)\/)(?!assets(?:\/|$))[^/]+/g, '$1…')
  return end === -1 ? path : `${path}?…`
}
