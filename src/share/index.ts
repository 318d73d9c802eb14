export * from './codec.ts';
export * from './export.ts';
export * from './migrate.ts';
export * from './view.ts';
