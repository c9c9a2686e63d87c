// Every registered CLI command. Only commands that really work belong here.
import type { CommandModule } from 'yargs';
import { boardCommand } from './board.js';
import { dataCommand } from './data.js';
import { evalCommand } from './eval.js';
import { generateCommand } from './generate.js';
import { mathseCommand } from './mathse.js';
import { trainCommand } from './train.js';
import { plotCommand } from './plot.js';
import { sweepCommand } from './sweep.js';
import { verifyCommand } from './verify.js';

export const COMMANDS: CommandModule<any, any>[] = [
  dataCommand,
  verifyCommand,
  evalCommand,
  generateCommand,
  trainCommand,
  mathseCommand,
  plotCommand,
  boardCommand,
  sweepCommand,
];
