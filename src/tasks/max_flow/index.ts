// Maximum flow: the state is only in the image, so the answer is matched against the reference (official: string
// match). As for shortest_path, the same value spelled as a number ("7.0" for "7") also passes.
import { numberMatchRules } from '../common/answer-shapes.js';
import { defineTask } from '../define.js';
import { maxFlowGenerator } from './generate.js';

export const task = defineTask({
  key: 'max_flow',
  officialName: 'max_flow',
  category: 'graphs',
  ...numberMatchRules('maximum flow'),
  generate: maxFlowGenerator,
});
