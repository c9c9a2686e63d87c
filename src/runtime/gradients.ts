// Registers tfjs's gradient functions. Only the umbrella @tensorflow/tfjs package (which we do not depend on, ~300 MB)
// registers them; tfjs-core ships them as extensionless ES modules that Node's loader cannot resolve
// (`import ... from '../gradients'` names both a file and a folder). We bundle that one entry point with esbuild
// at start-up (≈0.1 s) and import the result. tfjs keeps its engine and gradient registry on globals precisely so
// that several copies of its modules cooperate, so the bundled copy registers into the same registry.
import * as tf from '@tensorflow/tfjs-core';
import { createRequire } from 'node:module';

let done: Promise<void> | undefined;

export function registerGradients(): Promise<void> {
  done ??= (async () => {
    // A bundler (vitest, a web build) or the umbrella package may have registered them already.
    if (tf.getGradient('Add') && tf.getGradient('BatchMatMul')) return;
    const entry = createRequire(import.meta.url).resolve('@tensorflow/tfjs-core/dist/register_all_gradients.js');
    const esbuild = await import('esbuild');
    const out = await esbuild.build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'node', write: false, logLevel: 'silent' });
    await import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
    if (!tf.getGradient('BatchMatMul')) throw new Error('registerGradients: tfjs gradient functions did not register (tfjs-core version mismatch?)');
  })();
  return done;
}
