import { describe, expect, it } from 'vitest'
import { kpiAlarm } from './alarm'
import { KPI_KEYS } from './kpi'

describe('kPI alarms', () => {
  it('marks low rates where higher is better, and high rework and extension rates', () => {
    expect(kpiAlarm('onTimeRate', 0.59)).toBe('alarm')
    expect(kpiAlarm('onTimeRate', 0.6)).toBe('warning')
    expect(kpiAlarm('onTimeRate', 0.8)).toBeNull()
    expect(kpiAlarm('satisfactionRate', 0.5)).toBe('alarm')
    expect(kpiAlarm('reworkRate', 0.05)).toBeNull()
    expect(kpiAlarm('reworkRate', 0.1)).toBe('warning')
    expect(kpiAlarm('extensionRate', 0.25)).toBe('alarm')
  })

  it('never alarms on a count, on hours or on "—"', () => {
    expect(kpiAlarm('filed', 0)).toBeNull()
    expect(kpiAlarm('filed', 100_000)).toBeNull()
    expect(kpiAlarm('avgHandlingHours', 500)).toBeNull()
    for (const key of KPI_KEYS)
      expect(kpiAlarm(key, null)).toBeNull()
  })
})
