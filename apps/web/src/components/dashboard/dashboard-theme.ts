/**
 * Colours of the two layouts (DESIGN.md §9): the big screen is dark and readable from three metres,
 * the laptop light. Red, amber and green are status colours only — an alarm, a warning, on time —
 * so the neutral series (categories, counts) are blues, teals and violets; Party red is left to
 * the headers.
 */

/** overdue red, due soon amber, on time green — as the case board's SLA tags */
export const SLA_COLORS = { onTime: '#2e9e5a', dueSoon: '#e6a23c', overdue: '#d9363e' } as const

export interface ChartPalette {
  text: string
  subtext: string
  axis: string
  split: string
  tooltipBg: string
  /** base font size of axis labels and legends */
  font: number
  /** neutral series: no red, amber or green, which would read as a status */
  series: readonly string[]
  /** outline of the selected unit (the ranking's current bar) */
  selected: string
}

export const PALETTES: Record<'big' | 'laptop', ChartPalette> = {
  big: {
    text: '#e6edf7',
    subtext: '#9fb0c8',
    axis: '#3b5273',
    split: '#22354f',
    tooltipBg: 'rgba(10, 22, 40, 0.95)',
    font: 15,
    series: ['#4aa8ff', '#54d5e0', '#b18cff', '#8fb8ff', '#7fd1c7', '#c9b3ff', '#a3b8d6', '#6c8ebf'],
    selected: '#ffffff',
  },
  laptop: {
    text: '#303133',
    subtext: '#606266',
    axis: '#c0c4cc',
    split: '#ebeef5',
    tooltipBg: 'rgba(255, 255, 255, 0.97)',
    font: 12,
    series: ['#2f7de1', '#18a3b5', '#8e6bd6', '#5b8def', '#3aa39a', '#a58ae0', '#8496b0', '#4f6d9a'],
    selected: '#1f2d3d',
  },
}

/** Overdue cases, an alarm: pale → deep red. Class 0 is zero. */
const WORSE_RAMP = ['#eef1f5', '#fde7c2', '#f9b766', '#ef7a3d', '#d9363e', '#a1121b']
/** Rates where more is better: <60 % red … ≥95 % green (RATE_BREAKS 60/80/90/95). */
const BETTER_RAMP = ['#d9363e', '#f08a4b', '#f6c95c', '#9ccf8a', '#2e9e5a']
/** Neutral counts (open, new this week, open needs) — workload, not an alarm: pale → deep blue. */
const NEUTRAL_RAMP = ['#eef1f5', '#d6e6f7', '#a5c8ee', '#6aa3e0', '#3577c7', '#174f94']
export const NO_SAMPLE_COLOR = '#9aa3ae'
/** Grids outside the drilled unit on the big screen: dark, so the unit's colours stand out. */
export const OUTSIDE_DARK = '#1b2d47'

/** Fill colours for classes 0…breaks.length (one more class than breaks). */
export function rampFor(metric: string, classes: number): string[] {
  const ramp = metric === 'on_time_rate' || metric === 'satisfaction_rate'
    ? BETTER_RAMP
    : metric === 'overdue' ? WORSE_RAMP : NEUTRAL_RAMP
  if (classes >= ramp.length)
    return ramp.slice()
  // keep the first (zero / worst) class; spread the others evenly over the rest of the ramp
  const n = classes - 1
  const out = [ramp[0]!]
  for (let j = 1; j <= n; j++)
    out.push(ramp[1 + Math.round((j - 0.5) * (ramp.length - 2) / n)]!)
  return out
}
