/**
 * The street dashboard: resolves the period filter, narrows the caller's scope to the drill-down,
 * reads counters from the dashboard repository and turns them into KPIs with the pure formulas of
 * @gridgov/domain, so the figures, their samples and the "—" rule are the same everywhere.
 */
import type { Column, DashboardRepository, PeriodFilter, Prefixes, RollupCounter } from '@gridgov/db'
import type { CaseCounts, Choropleth, ChoroplethMetric, DashboardPeriodQuery, KpiKey, Period, PeriodPreset, RankableKpi, Scope } from '@gridgov/domain'
import type { GridLocator } from './grid-locator'
import { LEVEL_LENGTH, narrowScope } from '@gridgov/db'
import { ALL_TIME_KEY, badRequest, computeKpi, computeKpis, countBreaks, dayOf, EMPTY_COUNTS, KPI_DEFINITIONS, monthsOf, periodBounds, periodKeys, presetPeriod, rankBy, rankCut, RATE_BREAKS, Refusal, weekOf } from '@gridgov/domain'

/** The longest month range the dashboard answers. */
const MAX_MONTHS = 36

export interface ResolvedPeriod {
  readonly period: Period
  readonly preset: PeriodPreset | null
  readonly filter: PeriodFilter
  readonly info: { kind: 'week' | 'months', preset: PeriodPreset | null, from: string, to: string }
}

/** The rollup counters each KPI reads (应结案数 needs the open cases past their deadline). */
const KPI_COUNTERS: Record<KpiKey, readonly RollupCounter[]> = {
  filed: ['filed'],
  closeRate: ['closed', 'overdueOpen'],
  onTimeRate: ['closed', 'closedOnTime', 'overdueOpen'],
  reworkRate: ['closed', 'closedReworked', 'overdueOpen', 'overdueReworked'],
  extensionRate: ['closed', 'closedExtended', 'overdueOpen', 'overdueExtended'],
  avgHandlingHours: ['handled', 'handlingMinutes'],
  satisfactionRate: ['rated', 'satisfied'],
}

const bad = (field: string, message: string) => badRequest(field, message)

/** The period a query asks for (default: this month); 400 naming the field when it makes no sense. */
export function resolvePeriod(q: DashboardPeriodQuery, now: number): ResolvedPeriod {
  let period: Period
  let preset: PeriodPreset | null = null
  const given = [q.period && 'period', (q.from || q.to) && 'from/to', q.week && 'week'].filter(Boolean)
  if (given.length > 1)
    throw bad(`query.${q.week ? 'week' : 'from'}`, `choose one period: ${given.join(', ')} were all given`)
  if (q.week) {
    if (weekOf(Date.parse(`${q.week}T12:00:00+08:00`)) !== q.week)
      throw bad('query.week', 'a week is given by its Monday (YYYY-MM-DD)')
    period = { kind: 'week', week: q.week }
  }
  else if (q.from || q.to) {
    if (!q.from || !q.to)
      throw bad(q.from ? 'query.to' : 'query.from', 'a month range needs both from and to')
    if (q.to < q.from)
      throw bad('query.to', 'the period ends before it begins')
    const months = (Number(q.to.slice(0, 4)) - Number(q.from.slice(0, 4))) * 12 + Number(q.to.slice(5)) - Number(q.from.slice(5)) + 1
    if (months > MAX_MONTHS)
      throw bad('query.from', `at most ${MAX_MONTHS} months at a time`)
    period = { kind: 'months', range: { from: q.from, to: q.to } }
  }
  else {
    preset = q.period ?? 'this_month'
    period = presetPeriod(preset, now)
  }
  const { start, end } = periodBounds(period)
  return {
    period,
    preset,
    filter: { keys: periodKeys(period, now), start, end },
    info: { kind: period.kind, preset, from: dayOf(start), to: dayOf(end - 1) },
  }
}

export function createDashboardService(repo: DashboardRepository, locator: GridLocator, minSample: number) {
  /** The caller's scope narrowed to `within`; 404 when `within` lies outside it. */
  function prefixesOf(scope: Scope, within: string | undefined): Prefixes {
    const prefixes = narrowScope(scope, within)
    if (prefixes === undefined)
      throw new Refusal(404, 'not_found', `territory ${within} not found`, { field: 'query.within', detail: 'no territory with this code in your area' })
    return prefixes
  }

  const total = (m: Map<string, CaseCounts>) => m.get('') ?? EMPTY_COUNTS

  return {
    minSample,
    prefixesOf,

    summary(scope: Scope, q: DashboardPeriodQuery, now: number) {
      const p = resolvePeriod(q, now)
      const prefixes = prefixesOf(scope, q.within)
      const counts = total(repo.counts(prefixes, p.filter, null, now))
      // 在办 and the SLA ring are stock figures of now, read together so they add up
      const { open, sla } = repo.openNow(prefixes, now)
      return { period: p.info, within: q.within ?? null, minSample, counts, kpis: computeKpis(counts, minSample), openNow: open, sla, generatedAt: new Date(now).toISOString() }
    },

    units(scope: Scope, q: DashboardPeriodQuery & { level: 'street' | 'community' | 'grid', sort?: KpiKey, limit?: number }, now: number) {
      const p = resolvePeriod(q, now)
      const prefixes = prefixesOf(scope, q.within)
      const length = { street: 9, community: 12, grid: 15 }[q.level]
      const sort = q.sort ?? 'onTimeRate'
      // rank on the one KPI (reading only its counters), one value and sample per unit in typed
      // arrays — no object per grid; objects only for the page's candidates; everything else only
      // for the rows answered
      const units = repo.units(prefixes, q.level)
      const none = computeKpi(EMPTY_COUNTS, sort, minSample)
      const sign = KPI_DEFINITIONS[sort].higherIsBetter ? -1 : 1
      const score = new Float64Array(units.length).fill(none.value === null ? Number.NaN : sign * none.value)
      const sample = new Float64Array(units.length).fill(none.sample)
      let u = 0
      repo.countsEach(prefixes, p.filter, length, now, KPI_COUNTERS[sort], (c, code) => {
        // units and counters are both sorted by code
        while (u < units.length && units[u]!.code < code) u++
        if (units[u]?.code === code) {
          const k = computeKpi(c, sort, minSample)
          score[u] = k.value === null ? Number.NaN : sign * k.value
          sample[u] = k.sample
        }
        return 0
      })
      const limit = q.limit ?? 50
      const cut = rankCut(score, limit)
      // the figures that can make the page (and, below that many, the first "—" rows)
      let blanks = Math.max(0, limit - score.filter(v => !Number.isNaN(v)).length)
      const candidates: { item: { code: string, name: string }, kpi: RankableKpi }[] = []
      units.forEach((unit, i) => {
        const v = score[i]!
        if (Number.isNaN(v) ? blanks-- > 0 : v <= cut)
          candidates.push({ item: unit, kpi: { key: sort, value: Number.isNaN(v) ? null : sign * v, sample: sample[i]! } })
      })
      const page = rankBy(candidates, limit)
      const full = page.length > 0 ? repo.counts(page.map(r => r.item.code), p.filter, length, now) : new Map<string, CaseCounts>()
      const items = page.map(({ item, rank }) => {
        const c = full.get(item.code) ?? EMPTY_COUNTS
        return { ...item, rank, counts: c, kpis: computeKpis(c, minSample) }
      })
      return { level: q.level, sort, minSample, period: p.info, total: units.length, items }
    },

    choropleth(scope: Scope, q: DashboardPeriodQuery & { metric: ChoroplethMetric }, now: number, openNeeds: (prefixes: Prefixes) => Column<number>): Choropleth {
      const p = resolvePeriod(q, now)
      const prefixes = prefixesOf(scope, q.within)
      let column: Column<number | null>
      let rate = false
      switch (q.metric) {
        case 'open':
          column = repo.gridSums(prefixes, [ALL_TIME_KEY], 'open')
          break
        case 'overdue':
          column = repo.overdueByGrid(prefixes, now)
          break
        case 'new_this_week':
          column = repo.gridSums(prefixes, [`W${weekOf(now)}`], 'reported')
          break
        case 'on_time_rate':
        case 'satisfaction_rate': {
          rate = true
          const key = q.metric === 'on_time_rate' ? 'onTimeRate' : 'satisfactionRate'
          column = repo.countsEach(prefixes, p.filter, LEVEL_LENGTH.grid, now, KPI_COUNTERS[key], (c) => {
            const v = computeKpi(c, key, minSample).value
            return v === null ? null : Math.round(v * 10_000) / 10_000
          })
          break
        }
        case 'open_needs':
          column = openNeeds(prefixes)
          break
      }
      // counts: grids at 0 are left out (absent means 0)
      const keep = column.values.map((v, i) => (rate || v !== 0 ? i : -1)).filter(i => i >= 0)
      const values = keep.map(i => column.values[i]!)
      return {
        metric: q.metric,
        unit: rate ? 'percent' : 'count',
        grids: keep.map(i => column.codes[i]!),
        values,
        breaks: rate ? [...RATE_BREAKS] : countBreaks(values.filter((v): v is number => v !== null)),
        higherIsBetter: rate,
        minSample,
        period: p.info,
      }
    },

    trend(scope: Scope, q: DashboardPeriodQuery, now: number) {
      const p = resolvePeriod(q, now)
      const end = Math.min(p.filter.end, now + 1)
      return { period: p.info, days: repo.trend(prefixesOf(scope, q.within), p.filter.start, Math.max(end, p.filter.start + 1)) }
    },

    categories(scope: Scope, q: DashboardPeriodQuery, now: number) {
      const p = resolvePeriod(q, now)
      return { period: p.info, rows: repo.categories(prefixesOf(scope, q.within), p.filter) }
    },

    heat(scope: Scope, q: DashboardPeriodQuery & { category?: string, zoom: number, bbox: string }, now: number) {
      const p = resolvePeriod(q, now)
      const prefixes = prefixesOf(scope, q.within)
      const box = q.bbox.split(',').map(Number) as [number, number, number, number]
      const [minLon, minLat, maxLon, maxLat] = box
      if (box.some(v => !Number.isFinite(v)) || minLon >= maxLon || minLat >= maxLat || minLon < -180 || maxLon > 180 || minLat < -90 || maxLat > 90)
        throw bad('query.bbox', 'bbox is minLon,minLat,maxLon,maxLat with min < max, in degrees')
      // ~1 km cells up to street zoom, ~200 m cells closer in
      const level = q.zoom <= 14 ? 1 : 2
      // heat rows are kept by month and week; a month range reads its months
      const periodKeysForHeat = p.period.kind === 'week' ? [`W${p.period.week}`] : monthsOf(p.period.range).map(m => `M${m}`)
      // below street level the cells are clipped to the caller's territory by their centre
      const fine = prefixes?.filter(x => x.length > 9) ?? []
      const keep = fine.length > 0
        ? (lon: number, lat: number) => {
            const r = locator.locate(lon, lat)
            const code = r.status === 'inside' ? r.grid.code : r.nearest?.grid.code
            return code !== undefined && fine.some(x => code.startsWith(x))
          }
        : undefined
      const live = p.period.kind === 'week' && q.category !== undefined ? { start: p.filter.start, end: p.filter.end } : undefined
      const result = repo.heat({ level, periodKeys: periodKeysForHeat, category: q.category ?? '*', streets: repo.streetsIn(prefixes, box), bbox: box, ...(keep ? { keep } : {}), ...(live ? { live } : {}) })
      return { ...result, period: p.info }
    },
  }
}

export type DashboardService = ReturnType<typeof createDashboardService>
