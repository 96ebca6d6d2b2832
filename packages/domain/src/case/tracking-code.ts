/**
 * The resident's tracking code (查询码): the only key to their case's public view, read aloud over
 * the phone, copied from a screen, typed on a phone keyboard. So it is short and unambiguous:
 * 10 characters from 31 that cannot be mistaken for one another (no 0/O, 1/I/L), shown in two
 * groups of five (`K7XM4-QPRT9`), ~49.5 bits — with the lookup rate-limited per address, guessing
 * one of a million live codes takes ~10^9 tries. Typed input is forgiving: case, spaces and dashes
 * do not matter.
 */
export const TRACKING_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'
export const TRACKING_CODE_LENGTH = 10

/** The code as stored and hashed (10 characters, no separators), or undefined if it cannot be one. */
export function normalizeTrackingCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s\-_.·]/g, '')
  return code.length === TRACKING_CODE_LENGTH && [...code].every(c => TRACKING_ALPHABET.includes(c)) ? code : undefined
}

/** The code as shown to the resident: `K7XM4-QPRT9`. */
export function formatTrackingCode(code: string): string {
  return `${code.slice(0, 5)}-${code.slice(5)}`
}

/** A code from random integers in [0, 31) (the caller supplies them from a CSPRNG). */
export function trackingCodeFrom(randomIndex: () => number): string {
  let code = ''
  for (let i = 0; i < TRACKING_CODE_LENGTH; i++)
    code += TRACKING_ALPHABET[randomIndex()]
  return code
}
