// Cryptarithm (ABC+DEF=GHIJ): any letter→digit mapping that satisfies the equation passes.
import { guardVerifier } from '../common/answer-shapes.js';
import { parseCryptoState } from './equation.js';
import { cryptoGenerator } from './generate.js';
import { verifyCryptoMath } from './verify.js';
import type { TaskSpec } from '../types.js';

export const task: TaskSpec = {
  key: 'crypto_math',
  officialName: 'CryptoMath',
  category: 'algorithms',
  needsInitialState: true,
  parseState: parseCryptoState,
  verify: guardVerifier(verifyCryptoMath),
  generator: cryptoGenerator,
};
