// The street dashboard's pure rules: periods, KPI formulas, per-case timing figures.
export * from './case-timing'
export * from './kpi'
export * from './period'
