/** Dates are shown in Beijing time whatever the browser's zone: the audit log is a legal record. */
const parts = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
})

/** `2026-03-01T02:05:09Z` → `2026-03-01 10:05:09` (Asia/Shanghai); `—` for null. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso)
    return '—'
  const date = new Date(iso)
  if (Number.isNaN(date.getTime()))
    return iso
  const p = Object.fromEntries(parts.formatToParts(date).map(x => [x.type, x.value]))
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`
}

/** A short "browser · system" from a User-Agent string, e.g. `Chrome · Windows`. */
export function describeUserAgent(ua: string): string | null {
  const browser = /Edg\//.test(ua)
    ? 'Edge'
    : /Firefox\//.test(ua) ? 'Firefox' : /Chrom(?:e|ium)\//.test(ua) ? 'Chrome' : /Safari\//.test(ua) ? 'Safari' : null
  const os = /Windows/.test(ua)
    ? 'Windows'
    : /Android/.test(ua) ? 'Android' : /iPhone|iPad/.test(ua) ? 'iOS' : /Mac OS X/.test(ua) ? 'macOS' : /Linux/.test(ua) ? 'Linux' : null
  const known = [browser, os].filter(Boolean)
  return known.length ? known.join(' · ') : null
}
