/**
 * User text for the APIs that take HTML strings — Leaflet's bindTooltip/bindPopup/divIcon, ECharts
 * tooltip formatters — so that a need titled `<img onerror=…>` shows as those characters and never
 * runs (issue 12 §3). Prefer `textElement` where an element is accepted; `escapeHtml` where only a
 * string is.
 */

/** `text` escaped for HTML text and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`)
}

/** A `<span>` holding `text` as text (textContent), optionally with a class. */
export function textElement(text: string, className?: string): HTMLElement {
  const span = document.createElement('span')
  span.textContent = text
  if (className)
    span.className = className
  return span
}
