export * from './analysis.ts';
export * from './closedForms.ts';
export * from './convention.ts';
export * from './errors.ts';
export * from './explain.ts';
export * from './graph.ts';
export * from './ops/index.ts';
export * from './shape.ts';
