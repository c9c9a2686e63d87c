// esbuild entry for the carried GPU bundle (bench/gpu/pack.sh): tfjs's gradient registrations first (so
// src/runtime/gradients.ts never needs esbuild at run time), then the benchmark.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import './bench.js';
