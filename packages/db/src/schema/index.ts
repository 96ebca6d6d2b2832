export * from './accounts'
export * from './territory'
