export * from './territory'
