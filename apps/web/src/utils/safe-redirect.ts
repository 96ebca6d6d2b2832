/** The `?redirect=` target after login — same-origin paths only, so `//evil.example` cannot send the user away. */
export function safeRedirect(value: unknown): string {
  return typeof value === 'string' && value.startsWith('/') && !value.startsWith('//') ? value : '/'
}
