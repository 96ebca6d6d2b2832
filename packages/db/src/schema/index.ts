export * from './accounts'
export * from './cases'
export * from './territory'
