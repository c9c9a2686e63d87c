// Small building blocks shared by both towers. Activations stay 2-D ([rows, features]) through every linear:
// tfjs's 3-D × 2-D broadcast matmul produces a wrong-shaped gradient, so callers flatten first.
import * as tf from '@tensorflow/tfjs-core';
import { fusable, RMS_NORM, ROTARY } from '../runtime/fused.js';

/** One fused kernel (src/runtime/fused.ts) in place of a composite, for small tensors on backends that have it. */
const fused = (name: string, inputs: Record<string, tf.Tensor>, attrs: Record<string, number> = {}) => tf.engine().runKernel(name, inputs, attrs) as tf.Tensor;

/** RMSNorm: x · rsqrt(mean(x²) + eps) · weight, over the last axis, in fp32. */
export function rmsNorm(x: tf.Tensor, weight: tf.Tensor, eps: number): tf.Tensor {
  if (weight.rank === 1 && x.shape[x.rank - 1] === weight.shape[0] && fusable(RMS_NORM, x, weight)) return fused(RMS_NORM, { x, weight }, { eps });
  return tf.tidy(() => {
    const variance = tf.mean(tf.square(x), -1, true);
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(variance, eps))), weight);
  });
}

/** y = x · Wᵀ (+ b), with W in the Hugging Face [out, in] layout. x: [N, in] → [N, out]. */
export function linear(x: tf.Tensor2D, weight: tf.Tensor, bias?: tf.Tensor): tf.Tensor2D {
  return tf.tidy(() => {
    const y = tf.matMul(x, weight as tf.Tensor2D, false, true);
    return (bias ? tf.add(y, bias) : y) as tf.Tensor2D;
  });
}

/** SwiGLU's silu(gate) · up (same shapes). */
export function swiGlu(gate: tf.Tensor, up: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(silu(gate), up));
}

/** SiLU(x) = x · sigmoid(x). */
export function silu(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.mul(x, tf.sigmoid(x)));
}

/** rotate_half in the NeoX half-split form: concat(-x[..., d/2:], x[..., :d/2]). */
export function rotateHalf(x: tf.Tensor): tf.Tensor {
  return tf.tidy(() => {
    const d = x.shape[x.rank - 1];
    const [a, b] = tf.split(x, [d / 2, d / 2], -1);
    return tf.concat([tf.neg(b), a], -1);
  });
}

/** x·cos + rotate_half(x)·sin; cos/sin broadcast against x. */
export function applyRotary(x: tf.Tensor, cos: tf.Tensor, sin: tf.Tensor): tf.Tensor {
  // The fused kernel takes the decoder's layout: x [B, H, T, Dh] with cos/sin [B, 1, T, Dh].
  const decoderLayout =
    x.rank === 4 &&
    cos.rank === 4 &&
    sin.rank === 4 &&
    cos.shape[1] === 1 &&
    [0, 2, 3].every((a) => cos.shape[a] === x.shape[a] && sin.shape[a] === x.shape[a]);
  if (decoderLayout && fusable(ROTARY, x, cos, sin)) return fused(ROTARY, { x, cos, sin });
  return tf.tidy(() => tf.add(tf.mul(x, cos), tf.mul(rotateHalf(x), sin)));
}
