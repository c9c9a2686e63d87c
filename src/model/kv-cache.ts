// Batched key/value cache for decoding. Per layer it owns k and v tensors [B, KV, S, D] (post-RoPE keys), plus the
// key mask [B, S] saying which cached slots are real tokens (left padding is not). The cache owns what it holds:
// replacing or selecting rows disposes the tensors it replaces. Positions are the caller's business (the rollout
// knows each row's rope delta), so nothing here reads tensors back to the host.
import * as tf from '@tensorflow/tfjs-core';

export class KVCache {
  private keys: (tf.Tensor4D | null)[];
  private values: (tf.Tensor4D | null)[];
  /** [B, S] float 1/0: which cached slots hold real tokens. */
  private mask: tf.Tensor2D | null = null;

  constructor(readonly numLayers: number) {
    this.keys = new Array(numLayers).fill(null);
    this.values = new Array(numLayers).fill(null);
  }

  /** Rows in the cache (0 before the first forward). */
  get batch(): number {
    return this.mask ? this.mask.shape[0] : 0;
  }

  /** Cached sequence length S (including left padding). */
  get length(): number {
    return this.mask ? this.mask.shape[1] : 0;
  }

  /** The key mask [B, S] (owned by the cache; do not dispose). */
  get keyMask(): tf.Tensor2D | null {
    return this.mask;
  }

  layer(i: number): { k: tf.Tensor4D | null; v: tf.Tensor4D | null } {
    return { k: this.keys[i], v: this.values[i] };
  }

  /** Stores layer i's full keys/values (already concatenated with the past), disposing the previous ones. */
  setLayer(i: number, k: tf.Tensor4D, v: tf.Tensor4D): void {
    this.keys[i]?.dispose();
    this.values[i]?.dispose();
    this.keys[i] = tf.keep(k);
    this.values[i] = tf.keep(v);
  }

  /** Appends the mask [B, T] of the tokens just added (call once per forward, after all layers). */
  appendMask(mask: tf.Tensor2D): void {
    if (this.mask && this.mask.shape[0] !== mask.shape[0]) throw new Error(`KVCache.appendMask: ${mask.shape[0]} rows for a cache of ${this.mask.shape[0]}`);
    const next = tf.tidy(() => (this.mask ? tf.concat([this.mask, tf.cast(mask, 'float32')], 1) : tf.cast(mask, 'float32')));
    this.mask?.dispose();
    this.mask = next as tf.Tensor2D;
  }

  /**
   * Keeps only the given rows, in the given order (rows may repeat: [0,0,0,1,1,1] expands each prompt's prefill to
   * its G samples without recomputing it; dropping finished rows stops their compute).
   */
  selectRows(rows: number[]): void {
    for (const r of rows) if (!(r >= 0 && r < this.batch)) throw new Error(`KVCache.selectRows: row ${r} out of range [0, ${this.batch})`);
    const idx = tf.tensor1d(rows, 'int32');
    try {
      for (let i = 0; i < this.numLayers; i++) {
        const k = this.keys[i];
        const v = this.values[i];
        if (k && v) this.setLayer(i, tf.gather(k, idx, 0), tf.gather(v, idx, 0));
      }
      if (this.mask) {
        const m = tf.keep(tf.gather(this.mask, idx, 0));
        this.mask.dispose();
        this.mask = m;
      }
    } finally {
      idx.dispose();
    }
  }

  /**
   * Moves `other`'s rows below this cache's (a prefill run in row chunks builds one cache per chunk). Both must
   * hold the same layers and length; `other` is emptied. An empty cache simply adopts `other`'s tensors.
   */
  appendRows(other: KVCache): void {
    if (other.numLayers !== this.numLayers) throw new Error(`KVCache.appendRows: ${other.numLayers} layers into a cache of ${this.numLayers}`);
    if (this.batch > 0 && other.length !== this.length)
      throw new Error(`KVCache.appendRows: length ${other.length} into a cache of length ${this.length}; pad every chunk to the same length`);
    const merge = <T extends tf.Tensor>(a: T | null, b: T | null): T | null => {
      if (!b) return a;
      if (!a) return b;
      const m = tf.keep(tf.concat([a, b], 0)) as T;
      a.dispose();
      b.dispose();
      return m;
    };
    for (let i = 0; i < this.numLayers; i++) {
      this.keys[i] = merge(this.keys[i], other.keys[i]);
      this.values[i] = merge(this.values[i], other.values[i]);
      other.keys[i] = null;
      other.values[i] = null;
    }
    this.mask = merge(this.mask, other.mask);
    other.mask = null;
  }

  dispose(): void {
    for (let i = 0; i < this.numLayers; i++) {
      this.keys[i]?.dispose();
      this.values[i]?.dispose();
      this.keys[i] = null;
      this.values[i] = null;
    }
    this.mask?.dispose();
    this.mask = null;
  }
}
