// A fault inside the wasm backend (its 4 GiB heap exhausted, or an out-of-bounds access) surfaces as a bare
// WebAssembly.RuntimeError — "Aborted()" or "memory access out of bounds" — with no hint of what was running.
// Model calls run through `guardBackendCall`, which turns such a fault into an error naming the operation, the
// shapes and the setting to lower. The wasm module is unusable after it, so the error says the process must stop.

export class BackendAbortError extends Error {
  override name = 'BackendAbortError';
}

/** The knobs that size a model call, for the hint. */
export const LOWER_HINT = 'lower --batch (ahpo eval), eval.batchSize, train.promptsPerStep or train.microBatch';

// Node's lib typings here declare WebAssembly only as a namespace of types; the class is read off globalThis.
const WasmRuntimeError = (globalThis as { WebAssembly?: { RuntimeError: abstract new () => Error } }).WebAssembly?.RuntimeError;

function isBackendFault(err: unknown): boolean {
  return WasmRuntimeError !== undefined && err instanceof WasmRuntimeError;
}

/**
 * Runs `fn`; a backend fault becomes a BackendAbortError naming `op` and `shapes()` (computed only then). Other
 * errors pass through unchanged.
 */
export function guardBackendCall<T>(op: string, shapes: () => string, fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (!isBackendFault(err)) throw err;
    throw new BackendAbortError(
      `the wasm backend aborted during ${op} (${shapes()}): ${(err as Error).message}. This is almost always its 4 GiB ` +
        `heap running out; the backend cannot be used again in this process. Hint: ${LOWER_HINT}, or use a GPU backend`,
      { cause: err },
    );
  }
}
