// esbuild entry for the carried GPU bundle (bench/gpu/pack.sh): bench/gpu/real-size-parity.ts with tfjs's gradient
// registrations bundled, as in bundle-entry.ts (initBackend registers gradients; bundled, it needs no esbuild).
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import './real-size-parity.js';
