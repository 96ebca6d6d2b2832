/**
 * `@gridgov/domain/core`: the domain's values and pure rules — roles and scope, codes, refusals,
 * the case loop (states, SLA clock, state machine), KPI formulas, the three lists' vocabulary,
 * state machine and matching — without the API's TypeBox schemas, so the dashboard imports them
 * directly. The API shapes live in `./api` (the package root exports both).
 */
export * from './access'
export * from './case'
export * from './codes'
export * from './dashboard'
export * from './lists'
export * from './refusal'
export * from './territory'
