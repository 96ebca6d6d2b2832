// The case loop's pure rules (DESIGN.md §4); see README.md for the standards followed.
export * from './case-state'
export * from './categories'
export * from './sla-clock'
export * from './state-machine'
export * from './tracking-code'
