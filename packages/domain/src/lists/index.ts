// The three lists' pure rules (DESIGN.md §5): vocabulary, the project state machine, matching.
export * from './matching'
export * from './project-state-machine'
export * from './vocabulary'
