// Best time to buy and sell stock (unlimited transactions): the maximum profit, an integer recomputed from
// initial_state.prices and compared with the answer.
import { arrayIntegerRules } from '../common/array-instance.js';
import { defineTask } from '../define.js';
import { stockGenerator } from './generate.js';
import { maxProfit } from './solve.js';

export const task = defineTask({
  key: 'best_time_to_buy_and_sell_stock',
  officialName: 'BestTimeToBuyAndSellStock',
  category: 'algorithms',
  ...arrayIntegerRules('prices', maxProfit, 'maximum profit'),
  generate: stockGenerator,
});
