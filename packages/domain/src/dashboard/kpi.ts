/**
 * Case KPIs in the style of GB/T 30428.4 (DESIGN.md §4). One pure module: the API computes every
 * figure here and the dashboard shows it as-is, with the formula from KPI_DEFINITIONS in its
 * tooltip. Every figure carries its sample size; below the minimum sample it is null ("—") and is
 * left out of rankings.
 *
 * The cohort is the cases REPORTED in the period. 应结案数 (cases due) = closed cases + open cases
 * already past their deadline: a case still inside its time limit is not yet due, so this month's
 * fresh cases do not drag 结案率 down.
 */

/** Counters for one territory and period: the rollup row plus the live overdue part. */
export interface CaseCounts {
  /** 受理数: cases reported */
  readonly reported: number
  /** 立案数: cases filed (reported minus still-unfiled and 作废 cancelled) */
  readonly filed: number
  readonly cancelled: number
  /** open now (reported, filed, dispatched, in_progress, resolved) */
  readonly open: number
  /** 结案数 */
  readonly closed: number
  /** closed cases whose (last) resolution came before the deadline */
  readonly closedOnTime: number
  /** closed cases with at least one rework (返工) */
  readonly closedReworked: number
  /** closed cases with at least one approved extension (延期) */
  readonly closedExtended: number
  /** closed cases with a measured handling time, and the sum of those times in working minutes */
  readonly handled: number
  readonly handlingMinutes: number
  /** cases rated by the resident, and those rated 4 or 5 stars */
  readonly rated: number
  readonly satisfied: number
  /** open cases past their deadline now (live, not from the rollup) */
  readonly overdueOpen: number
  readonly overdueReworked: number
  readonly overdueExtended: number
}

export const EMPTY_COUNTS: CaseCounts = {
  reported: 0,
  filed: 0,
  cancelled: 0,
  open: 0,
  closed: 0,
  closedOnTime: 0,
  closedReworked: 0,
  closedExtended: 0,
  handled: 0,
  handlingMinutes: 0,
  rated: 0,
  satisfied: 0,
  overdueOpen: 0,
  overdueReworked: 0,
  overdueExtended: 0,
}

export const KPI_KEYS = ['filed', 'closeRate', 'onTimeRate', 'reworkRate', 'extensionRate', 'avgHandlingHours', 'satisfactionRate'] as const
export type KpiKey = typeof KPI_KEYS[number]

export interface KpiDefinition {
  readonly key: KpiKey
  readonly label: string
  /** the formula as shown in the tooltip */
  readonly formula: string
  readonly unit: 'count' | 'percent' | 'hours'
  /** higher is better (for ranking order and colour ramps) */
  readonly higherIsBetter: boolean
}

export const KPI_DEFINITIONS: Readonly<Record<KpiKey, KpiDefinition>> = {
  filed: { key: 'filed', label: '立案数', formula: '立案数 = 本期受理并立案的案件数', unit: 'count', higherIsBetter: true },
  closeRate: { key: 'closeRate', label: '结案率', formula: '结案率 = 结案数 / 应结案数；应结案数 = 结案数 + 已超时限未结案数', unit: 'percent', higherIsBetter: true },
  onTimeRate: { key: 'onTimeRate', label: '按期结案率', formula: '按期结案率 = 按期结案数 / 应结案数；按期：办结时间不晚于处置时限', unit: 'percent', higherIsBetter: true },
  reworkRate: { key: 'reworkRate', label: '返工率', formula: '返工率 = 返工数 / 应结案数；返工数：应结案件中被返工过的案件数', unit: 'percent', higherIsBetter: false },
  extensionRate: { key: 'extensionRate', label: '延期率', formula: '延期率 = 延期数 / 应结案数；延期数：应结案件中获批延期的案件数', unit: 'percent', higherIsBetter: false },
  avgHandlingHours: { key: 'avgHandlingHours', label: '平均处置时长', formula: '平均处置时长 = Σ(派遣至办结的工作时长) / 结案数，工作时间 8:00–12:00、14:00–18:00，节假日除外', unit: 'hours', higherIsBetter: false },
  satisfactionRate: { key: 'satisfactionRate', label: '满意率', formula: '满意率 = 满意数(4–5 星) / 评价数', unit: 'percent', higherIsBetter: true },
}

/** The default minimum sample below which a rate is not shown (configurable: KPI_MIN_SAMPLE). */
export const DEFAULT_MIN_SAMPLE = 10

export interface KpiValue {
  readonly key: KpiKey
  /** null: sample below the minimum ("—"), never ranked */
  readonly value: number | null
  readonly numerator: number
  readonly denominator: number
  /** the number of cases the figure rests on */
  readonly sample: number
}

/** 应结案数: closed plus open past the deadline. */
export function dueCount(c: CaseCounts): number {
  return c.closed + c.overdueOpen
}

function ratio(key: KpiKey, numerator: number, denominator: number, minSample: number): KpiValue {
  const shown = denominator > 0 && denominator >= minSample
  return { key, value: shown ? numerator / denominator : null, numerator, denominator, sample: denominator }
}

/** One KPI of one territory and period (a ranking or a map needs just one, for many). */
export function computeKpi(c: CaseCounts, key: KpiKey, minSample: number = DEFAULT_MIN_SAMPLE): KpiValue {
  switch (key) {
    // a count needs no sample: it is the sample
    case 'filed': return { key, value: c.filed, numerator: c.filed, denominator: 1, sample: c.filed }
    // 结案率 = 结案数 / 应结案数 (GB/T 30428.4)
    case 'closeRate': return ratio(key, c.closed, dueCount(c), minSample)
    // 按期结案率 = 按期结案数 / 应结案数 — an overdue open case is, by definition, not on time
    case 'onTimeRate': return ratio(key, c.closedOnTime, dueCount(c), minSample)
    // 返工率 = 返工数 / 应结案数
    case 'reworkRate': return ratio(key, c.closedReworked + c.overdueReworked, dueCount(c), minSample)
    // 延期率 = 延期数 / 应结案数
    case 'extensionRate': return ratio(key, c.closedExtended + c.overdueExtended, dueCount(c), minSample)
    case 'avgHandlingHours': {
      const avg = ratio(key, c.handlingMinutes / 60, c.handled, minSample)
      return avg.value === null ? avg : { ...avg, value: Math.round(avg.value * 10) / 10 }
    }
    // 满意率 = 满意数 / 评价数
    case 'satisfactionRate': return ratio(key, c.satisfied, c.rated, minSample)
  }
}

/** Every KPI of one territory and period. `minSample` ≥ 1. */
export function computeKpis(c: CaseCounts, minSample: number = DEFAULT_MIN_SAMPLE): Record<KpiKey, KpiValue> {
  if (!Number.isInteger(minSample) || minSample < 1)
    throw new RangeError(`minSample must be a positive integer, got ${minSample}`)
  return Object.fromEntries(KPI_KEYS.map(k => [k, computeKpi(c, k, minSample)])) as Record<KpiKey, KpiValue>
}

/** Adds counters (a street's figures are the sum of its grids'). */
export function addCounts(a: CaseCounts, b: CaseCounts): CaseCounts {
  const sum = { ...a } as Record<keyof CaseCounts, number>
  for (const k of Object.keys(b) as (keyof CaseCounts)[])
    sum[k] += b[k]
  return sum
}

/** What a ranking reads of a KPI. */
export type RankableKpi = Pick<KpiValue, 'key' | 'value' | 'sample'>
export interface Ranked<T, K extends RankableKpi = KpiValue> { readonly item: T, readonly rank: number | null, readonly kpi: K }

/**
 * Ranks territories by one KPI, best first (ties share a rank; the larger sample first). Figures
 * below the minimum sample ("—") are listed last without a rank. `limit` answers only the first
 * rows — the same as slicing the full ranking, without sorting 25,000 grids to show 50.
 */
export function rankBy<T, K extends RankableKpi = KpiValue>(items: readonly { item: T, kpi: K }[], limit = Number.POSITIVE_INFINITY): Ranked<T, K>[] {
  const key = items[0]?.kpi.key
  const sign = key && KPI_DEFINITIONS[key].higherIsBetter ? -1 : 1
  const cut = rankCut(Float64Array.from(items, i => (i.kpi.value === null ? Number.NaN : sign * i.kpi.value)), limit)
  const shown = items.filter(i => i.kpi.value !== null && sign * i.kpi.value <= cut)
  shown.sort((a, b) => sign * (a.kpi.value! - b.kpi.value!) || b.kpi.sample - a.kpi.sample)
  const ranked: Ranked<T, K>[] = []
  shown.forEach((i, k) => {
    const previous = ranked[k - 1]
    const tie = previous && previous.kpi.value === i.kpi.value
    ranked.push({ item: i.item, rank: tie ? previous.rank : k + 1, kpi: i.kpi })
  })
  for (const i of items) {
    if (ranked.length >= limit)
      break
    if (i.kpi.value === null)
      ranked.push({ item: i.item, rank: null, kpi: i.kpi })
  }
  return ranked.slice(0, limit)
}

/**
 * Which figures can be on the first `limit` rows of a ranking: those whose score (the KPI value,
 * negated when higher is better; NaN for "—") is at most the answer — the limit-th best score,
 * ties included, so their ranks are exact; every figure when there are no more than `limit`.
 */
export function rankCut(scores: Float64Array, limit: number): number {
  const shown = scores.filter(v => !Number.isNaN(v))
  return limit < shown.length ? nthSmallest(shown, Math.max(0, limit - 1)) : Number.POSITIVE_INFINITY
}

/** The k-th smallest (0-based) of `values`, reordering them in place (quickselect: no full sort). */
function nthSmallest(values: Float64Array, k: number): number {
  let lo = 0
  let hi = values.length - 1
  while (lo < hi) {
    const pivot = values[(lo + hi) >> 1]!
    let i = lo
    let j = hi
    while (i <= j) {
      while (values[i]! < pivot) i++
      while (values[j]! > pivot) j--
      if (i <= j) {
        const t = values[i]!
        values[i++] = values[j]!
        values[j--] = t
      }
    }
    if (k <= j)
      hi = j
    else if (k >= i)
      lo = i
    else return values[k]!
  }
  return values[k]!
}
