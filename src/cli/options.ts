// Options shared by the commands that run a model.
import type { Options } from 'yargs';
import { BACKENDS } from '../runtime/backend.js';

export const backendOption: Options = {
  choices: [...BACKENDS],
  default: 'auto',
  describe: 'tensor backend: auto (tensorflow if installed, else wasm), tensorflow (tfjs-node-gpu/tfjs-node), webgpu, wasm, cpu',
};

export const modelOption: Options = {
  type: 'string',
  demandOption: true,
  describe: 'preset:NAME (built-in geometry, random init; presets: reference, tiny-test, tiny-vl) or a Hugging Face model folder',
};
