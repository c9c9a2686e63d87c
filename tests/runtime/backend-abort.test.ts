// A real wasm fault, made cheaply: one matmul whose 4.8 GB output cannot be allocated in the 4 GiB wasm32 heap
// (the allocation fails at once; nothing is touched). The backend is unusable afterwards, so this file runs alone
// in its own worker process (vitest pool 'forks' isolates files) and keeps that call last.
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { BackendAbortError, guardBackendCall } from '../../src/runtime/backend-abort.js';
import { initBackend } from '../../src/runtime/backend.js';

beforeAll(async () => {
  await initBackend('wasm');
});

describe('guardBackendCall', () => {
  it('passes results and ordinary errors through unchanged', () => {
    expect(
      guardBackendCall(
        'op',
        () => 'shapes',
        () => 42,
      ),
    ).toBe(42);
    const plain = new Error('not a backend fault');
    expect(() =>
      guardBackendCall(
        'op',
        () => 'shapes',
        () => {
          throw plain;
        },
      ),
    ).toThrow(plain);
  });

  it('turns a wasm fault into an error naming the operation, the shapes and what to lower', () => {
    let caught: unknown;
    try {
      guardBackendCall(
        'prefill',
        () => 'rows 40000 × 30000',
        () => tf.matMul(tf.ones([40000, 1]), tf.ones([1, 30000])),
      );
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(BackendAbortError);
    const msg = (caught as Error).message;
    expect(msg).toMatch(/^the wasm backend aborted during prefill \(rows 40000 × 30000\): /);
    expect(msg).toMatch(/4 GiB heap running out; the backend cannot be used again in this process/);
    expect(msg).toMatch(/Hint: lower --batch \(ahpo eval\), eval\.batchSize, train\.promptsPerStep or train\.microBatch/);
    expect((caught as Error).cause).toBeInstanceOf(
      (globalThis as unknown as { WebAssembly: { RuntimeError: abstract new () => Error } }).WebAssembly.RuntimeError,
    );
  });
});
