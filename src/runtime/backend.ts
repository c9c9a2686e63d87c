// The one place that chooses and initialises the tensor backend.
//   tensorflow  @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node, when the user has installed one
//   webgpu      @tensorflow/tfjs-backend-webgpu + the `webgpu` package (Dawn), opt-in, when an adapter exists
//   wasm        default on CPU; XNNPACK matmuls with our kernel fills (src/runtime/wasm-kernels.ts)
//   cpu         pure-JS reference, for parity checks
// Optional backends are imported dynamically by a computed name, so `npm ci` never needs them and never
// downloads libtensorflow.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { registerGradients } from './gradients.js';
import { installFusedKernels } from './fused.js';
import { installWasmKernels } from './wasm-kernels.js';
import { wasmThreadCount, withWasmThreads } from './wasm-threads.js';
import { installWebgpuKernels } from './webgpu-kernels.js';

export const BACKENDS = ['auto', 'tensorflow', 'webgpu', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];

export interface BackendInfo {
  name: Exclude<BackendChoice, 'auto'>;
  /** Threads the backend computes with (1 for single-threaded wasm and cpu). */
  threads: number;
  /** Human-readable detail: package, device. */
  detail: string;
}

export class BackendUnavailableError extends Error {}

const TFJS_VERSION = '4.22.0';

async function importOptional(name: string): Promise<unknown | undefined> {
  try {
    return await import(name);
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') return undefined;
    throw new BackendUnavailableError(`importing ${name} failed: ${(err as Error).message}`);
  }
}

async function initTensorflow(): Promise<BackendInfo | undefined> {
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    if ((await importOptional(pkg)) === undefined) continue;
    if (!tf.findBackendFactory('tensorflow')) {
      throw new BackendUnavailableError(
        `${pkg} loaded but registered no 'tensorflow' backend on ahpo's @tensorflow/tfjs-core. Its core is a second copy: ` +
          `install the version that matches ahpo's core (npm install ${pkg}@${TFJS_VERSION}) so npm dedupes @tensorflow/tfjs-core.`,
      );
    }
    await tf.setBackend('tensorflow');
    return { name: 'tensorflow', threads: 0, detail: pkg };
  }
  return undefined;
}

/** Why Dawn found no Vulkan adapter: no loader, no ICD, or a driver too old. Best effort, reads files only. */
export function diagnoseVulkan(env: NodeJS.ProcessEnv = process.env): string {
  const fix = 'Without a GPU, run `bash scripts/setup-lavapipe.sh` and `. .vendor/vulkan/env.sh` (Mesa 25 lavapipe, software Vulkan).';
  const libDirs = [
    ...(env.LD_LIBRARY_PATH ?? '').split(':').filter(Boolean),
    '/usr/lib/x86_64-linux-gnu',
    '/lib/x86_64-linux-gnu',
    '/usr/lib64',
    '/usr/lib',
    '/usr/local/lib',
  ];
  let loader = libDirs.some((d) => existsSync(join(d, 'libvulkan.so.1')));
  for (const ldconfig of ['ldconfig', '/sbin/ldconfig']) {
    if (loader) break;
    try {
      loader = execFileSync(ldconfig, ['-p'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).includes('libvulkan.so.1');
    } catch {
      /* not on PATH: try the next */
    }
  }
  if (!loader) return `no Vulkan loader: libvulkan.so.1 is not loadable (not in LD_LIBRARY_PATH or the ldconfig cache; Debian package libvulkan1). ${fix}`;
  const listed = (env.VK_DRIVER_FILES || env.VK_ICD_FILENAMES || '').split(':').filter(Boolean);
  const dataDirs = [...(env.XDG_CONFIG_DIRS || '/etc/xdg').split(':'), '/etc', ...(env.XDG_DATA_DIRS || '/usr/local/share:/usr/share').split(':')];
  const icdDirs = [...new Set(dataDirs.map((d) => join(d, 'vulkan', 'icd.d')))];
  const icds =
    listed.length > 0
      ? listed
      : icdDirs.flatMap((d) =>
          existsSync(d)
            ? readdirSync(d)
                .filter((f) => f.endsWith('.json'))
                .map((f) => join(d, f))
            : [],
        );
  const where = listed.length > 0 ? `VK_DRIVER_FILES/VK_ICD_FILENAMES (${listed.join(':')})` : icdDirs.join(', ');
  if (icds.length === 0) return `no Vulkan driver: the loader is present but no ICD json is in ${where} (for NVIDIA: the driver's nvidia_icd.json). ${fix}`;
  const found: string[] = [];
  let oldLavapipe = '';
  for (const file of icds) {
    if (!existsSync(file)) return `no Vulkan driver: ICD file ${file} (from ${where}) does not exist. ${fix}`;
    let icd: { library_path?: string; api_version?: string } = {};
    try {
      icd = (JSON.parse(readFileSync(file, 'utf8')) as { ICD?: typeof icd }).ICD ?? {};
    } catch {
      return `no Vulkan driver: ICD file ${file} is not valid JSON`;
    }
    const lib = icd.library_path ?? '?';
    if (lib.startsWith('/') && !existsSync(lib)) return `no Vulkan driver: ICD ${file} names ${lib}, which does not exist. ${fix}`;
    const [major, minor] = (icd.api_version ?? '0.0').split('.').map(Number);
    if (/lvp/.test(lib) && (major < 1 || (major === 1 && minor < 3))) oldLavapipe = `${file} (Vulkan ${icd.api_version})`;
    found.push(`${file} → ${lib} (Vulkan ${icd.api_version ?? '?'})`);
  }
  if (oldLavapipe && found.length === 1) {
    return `Vulkan driver too old: lavapipe ${oldLavapipe} is Mesa 22-era; Debian 12's Mesa 22.3 lavapipe lacks features Dawn requires (shaderUniform*ArrayDynamicIndexing). Mesa 25 from bookworm-backports works. ${fix}`;
  }
  return `the Vulkan loader and ICD(s) are present (${found.join('; ')}) but Dawn created no adapter: the driver is likely too old or lacks required features (Dawn prints the missing feature as a warning on stderr; vulkaninfo lists the device). ${fix}`;
}

async function initWebgpu(): Promise<BackendInfo> {
  const hint = `Install both: npm install webgpu @tensorflow/tfjs-backend-webgpu@${TFJS_VERSION}`;
  const dawn = (await importOptional('webgpu')) as { create?: (flags: string[]) => unknown; globals?: object } | undefined;
  if (!dawn?.create || !dawn.globals) throw new BackendUnavailableError(`the webgpu backend needs the 'webgpu' package (Dawn for Node). ${hint}`);
  // GPUBufferUsage, GPUMapMode, … and navigator.gpu, which tfjs-backend-webgpu checks when it is imported.
  Object.assign(globalThis, dawn.globals);
  const gpu = dawn.create([]) as { requestAdapter(): Promise<{ info?: { vendor?: string; description?: string } } | null> };
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav) Object.defineProperty(nav, 'gpu', { value: gpu, configurable: true, writable: true });
  else Object.defineProperty(globalThis, 'navigator', { value: { gpu }, configurable: true, writable: true });
  const adapter = await gpu.requestAdapter();
  if (!adapter) throw new BackendUnavailableError(`webgpu: no GPU adapter found — ${diagnoseVulkan()}`);
  if ((await importOptional('@tensorflow/tfjs-backend-webgpu')) === undefined)
    throw new BackendUnavailableError(`the webgpu backend package is missing. ${hint}`);
  if (!tf.findBackendFactory('webgpu'))
    throw new BackendUnavailableError(
      'webgpu: @tensorflow/tfjs-backend-webgpu registered no backend on our tfjs-core (a second copy? npm ls @tensorflow/tfjs-core)',
    );
  if (!(await tf.setBackend('webgpu'))) throw new BackendUnavailableError('webgpu: tf.setBackend("webgpu") failed although an adapter exists');
  installWebgpuKernels();
  const device = [adapter.info?.vendor, adapter.info?.description].filter(Boolean).join(' ') || 'unknown adapter';
  return { name: 'webgpu', threads: 0, detail: `Dawn (webgpu npm) via @tensorflow/tfjs-backend-webgpu on ${device}` };
}

async function initWasm(): Promise<BackendInfo> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const ok = await withWasmThreads(wasmThreadCount(), () => tf.setBackend('wasm'));
  if (!ok) throw new BackendUnavailableError('wasm: tf.setBackend("wasm") failed');
  installWasmKernels();
  installFusedKernels();
  const simd = await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT');
  const threads = wasm.getThreadsCount();
  return {
    name: 'wasm',
    threads,
    detail: `tfjs-backend-wasm ${wasm.version_wasm}${simd ? ' (SIMD' : ''}${threads > 1 ? ', threaded' : ''}${simd ? ')' : ''}, XNNPACK matmul fills; AHPO_THREADS sets the threads`,
  };
}

let current: BackendInfo | undefined;

/**
 * Initialises the requested backend and makes it current. `auto` prefers the native TensorFlow backend when the
 * user has installed it, else wasm. Throws BackendUnavailableError saying what to install.
 */
export async function initBackend(choice: BackendChoice = 'auto'): Promise<BackendInfo> {
  if (!BACKENDS.includes(choice)) {
    throw new BackendUnavailableError(`unknown backend '${choice}'; expected one of ${BACKENDS.join(', ')}`);
  }
  if (current && (choice === 'auto' || choice === current.name)) return current;
  await registerGradients();
  let info: BackendInfo | undefined;
  if (choice === 'tensorflow') {
    info = await initTensorflow();
    if (!info) {
      throw new BackendUnavailableError(
        `backend 'tensorflow' needs @tensorflow/tfjs-node-gpu (CUDA) or @tensorflow/tfjs-node. Install one: ` +
          `npm install @tensorflow/tfjs-node-gpu@${TFJS_VERSION} (README, "Using a real Qwen2.5-VL checkpoint on a CUDA machine").`,
      );
    }
  } else if (choice === 'auto') {
    info = (await initTensorflow()) ?? (await initWasm());
  } else if (choice === 'webgpu') info = await initWebgpu();
  else if (choice === 'wasm') info = await initWasm();
  else {
    await tf.setBackend('cpu');
    info = { name: 'cpu', threads: 1, detail: 'tfjs-backend-cpu (pure JS reference)' };
  }
  await tf.ready();
  current = info;
  return info;
}

export function describeBackend(info: BackendInfo): string {
  const threads = info.threads > 0 ? `, ${info.threads} thread${info.threads === 1 ? '' : 's'}` : '';
  return `backend ${info.name}${threads} — ${info.detail}`;
}
