export * from './codes'
export * from './schemas'
export * from './territory'
