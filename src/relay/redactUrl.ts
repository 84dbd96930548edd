/**
 * A request's URL, or anything that may be one, without its query string and fragment, where stock
 * y-websocket clients put their invite token: what the relay may write to its log. It works on text
 * that does not parse as a URL too, as a client's garbage is exactly what gets logged.
 */
export function redactUrl(url: unknown): unknown {
  if (typeof url !== 'string') return url
  const end = url.search(/[?#]/)
  return end === -1 ? url : `${url.slice(0, end)}?…`
}
