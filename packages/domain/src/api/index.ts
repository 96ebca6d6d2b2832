// Request and response shapes of the HTTP API (TypeBox → Ajv + OpenAPI + the web's types), and the
// category data loader. The pure values and rules they build on are in ../core.ts.
export * from './auth'
export * from './cases'
export * from './category-file'
export * from './common'
export * from './dashboard'
export * from './lists'
