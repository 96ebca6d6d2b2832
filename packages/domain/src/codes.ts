/**
 * Territory codes. Statistical division codes (统计用区划代码) are fixed-width digit strings:
 * district 6, street 9, community 12. A grid code appends a 3-digit sequence to its community
 * code (15 digits); a building code appends a 3-digit sequence to its grid code (18 digits).
 * Codes are strings everywhere — never numbers — so leading zeros and width survive.
 */
export const CODE_LENGTH = {
  district: 6,
  street: 9,
  community: 12,
  grid: 15,
  building: 18,
} as const

export type CodeLevel = keyof typeof CODE_LENGTH

/** JSON-Schema patterns, one per level, shared by the API schemas. */
export const CODE_PATTERN: Record<CodeLevel, string> = {
  district: '^[0-9]{6}$',
  street: '^[0-9]{9}$',
  community: '^[0-9]{12}$',
  grid: '^[0-9]{15}$',
  building: '^[0-9]{18}$',
}

/** True when `code` is a well-formed code of the given level. */
export function isCode(level: CodeLevel, code: string): boolean {
  return code.length === CODE_LENGTH[level] && /^\d+$/.test(code)
}

/** The code of the parent unit: grid → community, community → street, and so on. */
export function parentCode(code: string): string | undefined {
  switch (code.length) {
    case CODE_LENGTH.building: return code.slice(0, CODE_LENGTH.grid)
    case CODE_LENGTH.grid: return code.slice(0, CODE_LENGTH.community)
    case CODE_LENGTH.community: return code.slice(0, CODE_LENGTH.street)
    case CODE_LENGTH.street: return code.slice(0, CODE_LENGTH.district)
    default: return undefined
  }
}

/** Appends a 1-based 3-digit sequence to a parent code (grid within community, building within grid). */
export function childCode(parent: string, sequence: number): string {
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > 999)
    throw new RangeError(`sequence must be an integer 1–999, got ${sequence}`)
  return parent + String(sequence).padStart(3, '0')
}

/** The level a code of this length belongs to, if any. */
export function levelOf(code: string): CodeLevel | undefined {
  if (!/^\d+$/.test(code))
    return undefined
  return (Object.keys(CODE_LENGTH) as CodeLevel[]).find(level => CODE_LENGTH[level] === code.length)
}
