// Cryptarithm (ABC+DEF=GHIJ): any letter→digit mapping that satisfies the equation passes.
import { defineTask } from '../define.js';
import { cryptoGenerator } from './generate.js';
import { renderEquation } from './render.js';
import { parseCryptoState } from './state.js';
import { checkCryptoMath, parseMapping } from './verify.js';

export const task = defineTask({
  key: 'crypto_math',
  officialName: 'CryptoMath',
  category: 'algorithms',
  needsInitialState: true,
  parseState: parseCryptoState,
  parseAnswer: parseMapping,
  check: checkCryptoMath,
  generate: cryptoGenerator,
  render: renderEquation,
});
