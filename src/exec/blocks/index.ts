import { acbFusionCheck } from './acb.ts';
import { emulationCrossCheck } from './emulations.ts';
import type { BlockCheck } from './types.ts';

export type { BlockCheck, BlockCheckCtx } from './types.ts';

/** Checks beyond params and shapes. Adding one is a file in this folder plus a line here. */
export const BLOCK_CHECKS: BlockCheck[] = [emulationCrossCheck, acbFusionCheck];
