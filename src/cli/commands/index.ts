import type { Command } from '../types.ts';

/** Every CLI command. Adding one is a file in this folder plus a line here. */
export const COMMANDS: Command[] = [];
