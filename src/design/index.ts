export * from './analyze.ts';
export * from './explain.ts';
export * from './schema.ts';
