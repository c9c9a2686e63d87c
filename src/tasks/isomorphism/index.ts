// Are two graphs isomorphic? Yes/No matched against the reference (both graphs are only in the images).
import { guardVerifier } from '../common/answer-shapes.js';
import { isoGenerator } from './generate.js';
import { verifyIsomorphism } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'isomorphism',
  officialName: 'graph_isomorphism',
  category: 'graphs',
  needsInitialState: false,
  verify: guardVerifier(verifyIsomorphism),
  generator: isoGenerator,
};
