/**
 * Matching needs with resources (需求 ⇄ 资源对接, DESIGN.md §5): a score out of 100 that explains
 * itself, from four factors, each scored 0–1 and weighted:
 *
 *   类别相符 category fit        40  the resource serves the need's area (0.6) and is a wanted type (0.4)
 *   距离     distance             20  1 within 500 m, falling linearly to 0 at 5 km
 *   时间重合 availability overlap 20  share of the need's dates the resource covers × share of its weekly slots
 *   剩余容量 remaining capacity   20  0 when used up, else 0.3 + 0.7 × remaining / capacity
 *
 * A resource that is withdrawn, used up, or shares no date or slot with the need is not eligible
 * (it is still scored, so the screen can say why it is not suggested). Pure: no I/O, no clock.
 */
import type { NeedCategory, ResourceType, TimeSlot } from './vocabulary'
import { distanceM } from '@gridgov/geo'

export const MATCH_WEIGHTS = { category: 40, distance: 20, availability: 20, capacity: 20 } as const
export type MatchFactor = keyof typeof MATCH_WEIGHTS

/** Within this distance a provider counts as next door; beyond FAR_M it earns nothing. */
export const NEAR_M = 500
export const FAR_M = 5000

export interface MatchNeed {
  category: NeedCategory | string
  resourceTypes: readonly (ResourceType | string)[]
  lon: number
  lat: number
  /** YYYY-MM-DD, inclusive */
  neededFrom: string
  neededTo: string
  slots: readonly (TimeSlot | string)[]
}

export interface MatchResource {
  type: ResourceType | string
  categories: readonly (NeedCategory | string)[]
  lon: number
  lat: number
  availableFrom: string
  availableTo: string
  slots: readonly (TimeSlot | string)[]
  capacity: number
  remaining: number
  withdrawn: boolean
}

export interface MatchPart {
  factor: MatchFactor
  /** 0–1 */
  score: number
  /** points out of the factor's weight */
  points: number
  weight: number
  /** the facts behind the score, for the explanation */
  facts: {
    categoryMatch?: boolean
    typeMatch?: boolean
    meters?: number
    overlapDays?: number
    neededDays?: number
    commonSlots?: string[]
    remaining?: number
    capacity?: number
  }
}

export interface MatchScore {
  /** 0–100 */
  score: number
  eligible: boolean
  /** why not eligible: withdrawn, exhausted, no_overlap */
  reason: 'withdrawn' | 'exhausted' | 'no_overlap' | null
  parts: MatchPart[]
}

const DAY_MS = 86_400_000
const day = (d: string) => Date.parse(`${d}T00:00:00Z`) / DAY_MS
const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits

function part(factor: MatchFactor, score: number, facts: MatchPart['facts']): MatchPart {
  const s = round(Math.min(1, Math.max(0, score)), 3)
  return { factor, score: s, points: round(s * MATCH_WEIGHTS[factor], 1), weight: MATCH_WEIGHTS[factor], facts }
}

/** Days (inclusive) the two windows share. */
export function overlapDays(aFrom: string, aTo: string, bFrom: string, bTo: string): number {
  return Math.max(0, Math.min(day(aTo), day(bTo)) - Math.max(day(aFrom), day(bFrom)) + 1)
}

/** Scores one resource for one need, with the reasons. */
export function scoreMatch(need: MatchNeed, resource: MatchResource): MatchScore {
  const categoryMatch = resource.categories.includes(need.category)
  const typeMatch = need.resourceTypes.length === 0 || need.resourceTypes.includes(resource.type)
  const meters = Math.round(distanceM([need.lon, need.lat], [resource.lon, resource.lat]))
  const neededDays = Math.max(1, day(need.neededTo) - day(need.neededFrom) + 1)
  const shared = overlapDays(need.neededFrom, need.neededTo, resource.availableFrom, resource.availableTo)
  const commonSlots = need.slots.filter(s => resource.slots.includes(s))
  const slotShare = need.slots.length === 0 ? 1 : commonSlots.length / need.slots.length
  const capacity = Math.max(resource.capacity, 1)
  const remaining = Math.max(0, resource.remaining)

  const parts = [
    part('category', (categoryMatch ? 0.6 : 0) + (typeMatch ? 0.4 : 0), { categoryMatch, typeMatch }),
    part('distance', meters <= NEAR_M ? 1 : (FAR_M - meters) / (FAR_M - NEAR_M), { meters }),
    part('availability', (shared / neededDays) * slotShare, { overlapDays: shared, neededDays, commonSlots }),
    part('capacity', remaining === 0 ? 0 : 0.3 + 0.7 * remaining / capacity, { remaining, capacity: resource.capacity }),
  ]
  const reason = resource.withdrawn ? 'withdrawn' : remaining === 0 ? 'exhausted' : shared === 0 || (need.slots.length > 0 && commonSlots.length === 0) ? 'no_overlap' : null
  return { score: round(parts.reduce((s, p) => s + p.points, 0), 0), eligible: reason === null, reason, parts }
}

/**
 * Ranks candidates best first: eligible before not eligible, then by score, then by the given
 * order (ties keep their input order, so ids sorted ascending stay stable).
 */
function rank<T>(items: readonly T[], score: (item: T) => MatchScore): { item: T, match: MatchScore }[] {
  return items
    .map((item, i) => ({ item, match: score(item), i }))
    .sort((a, b) => Number(b.match.eligible) - Number(a.match.eligible) || b.match.score - a.match.score || a.i - b.i)
    .map(({ item, match }) => ({ item, match }))
}

/** Resources for a need, best first. */
export function rankResources<R extends MatchResource>(need: MatchNeed, resources: readonly R[]) {
  return rank(resources, r => scoreMatch(need, r))
}

/** Needs a resource could serve, best first (the same score, seen from the resource). */
export function rankNeeds<N extends MatchNeed>(resource: MatchResource, needs: readonly N[]) {
  return rank(needs, n => scoreMatch(n, resource))
}
