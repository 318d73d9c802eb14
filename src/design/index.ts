export * from './analyze.ts';
export * from './dataflow.ts';
export * from './explain.ts';
export * from './schema.ts';
