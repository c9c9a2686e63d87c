// Best time to buy and sell stock (unlimited transactions): an integer recomputed from initial_state and compared with the answer.
import { stockGenerator } from './generate.js';
import { parseState, verify } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'best_time_to_buy_and_sell_stock',
  officialName: 'BestTimeToBuyAndSellStock',
  category: 'algorithms',
  needsInitialState: true,
  parseState,
  verify,
  generator: stockGenerator,
};
