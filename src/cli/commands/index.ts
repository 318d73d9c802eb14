import type { Command } from '../types.ts';
import { compareCommand } from './compare.ts';
import { exportCommand } from './export.ts';
import { importCommand } from './import.ts';
import { presetsCommand } from './presets.ts';
import { reportCommand } from './report.ts';
import { shareCommand } from './share.ts';
import { sweepCommand } from './sweep.ts';
import { verifyCommand } from './verify.ts';

/** Every CLI command. Adding one is a file in this folder plus a line here. */
export const COMMANDS: Command[] = [
  presetsCommand,
  reportCommand,
  verifyCommand,
  compareCommand,
  shareCommand,
  importCommand,
  exportCommand,
  sweepCommand,
];
