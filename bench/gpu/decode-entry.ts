// esbuild entry for the carried GPU bundle (bench/gpu/pack.sh): bench/decode.ts (the rollout engine's decode) with
// tfjs's gradient registrations bundled, as in bundle-entry.ts.
import '@tensorflow/tfjs-core/dist/register_all_gradients.js';
import '../decode.js';
