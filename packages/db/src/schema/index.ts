export * from './accounts'
export * from './cases'
export * from './lists'
export * from './territory'
