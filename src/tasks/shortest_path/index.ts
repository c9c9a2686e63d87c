// Shortest weighted distance: the state is only in the image (the record has no initial_state), so the answer is
// matched against the reference. Official rule: lower-cased, whitespace-free string equality; we also accept a plain
// number equal in value ("20.0" for "20"): the question says "integer or decimal", so the spelling should not decide.
import { numberMatchRules } from '../common/answer-shapes.js';
import { defineTask } from '../define.js';
import { spGenerator } from './generate.js';

export const task = defineTask({
  key: 'shortest_path',
  officialName: 'shortest_distance_weighted',
  category: 'graphs',
  ...numberMatchRules('shortest distance'),
  generate: spGenerator,
});
