import { useMemo } from 'react'
import { qrPath } from './qrPath.js'

/** A QR code of `text`, drawn by React as an inline SVG that scales to its box. */
export function QrCode({ text, label, className, testId }: { text: string; label: string; className?: string; testId: string }) {
  const { size, d } = useMemo(() => qrPath(text), [text])
  return (
    <svg className={className} viewBox={`0 0 ${size} ${size}`} role="img" aria-label={label} data-testid={testId} shapeRendering="crispEdges">
      <rect width={size} height={size} fill="#fff" />
      <path d={d} fill="#000" />
    </svg>
  )
}
