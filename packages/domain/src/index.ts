// `@gridgov/domain`: the pure rules (also importable alone as `@gridgov/domain/core`) and the API shapes.
export * from './api'
export * from './core'
