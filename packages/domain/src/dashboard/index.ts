// The street dashboard's pure rules: periods, KPI formulas, legend classes, per-case timing, API shapes.
export * from './alarm'
export * from './case-timing'
export * from './kpi'
export * from './legend'
export * from './period'
