// Graph isomorphism: are the two pictured graphs isomorphic? Yes/No, matched against the reference.
import { defineTask } from '../define.js';
import { isoGenerator } from './generate.js';
import { checkIsomorphism, parseIsomorphismAnswer } from './verify.js';

export const task = defineTask({
  key: 'isomorphism',
  officialName: 'graph_isomorphism',
  category: 'graphs',
  needsInitialState: false,
  parseAnswer: parseIsomorphismAnswer,
  check: (_state, answer, instance) => checkIsomorphism(answer, instance),
  generate: isoGenerator,
});
