// A kernel fix for tfjs-backend-webgpu 4.22: its AddN kernel binds every input as a storage buffer of ONE shader,
// and tfjs never raises the device's maxStorageBuffersPerShaderStage above WebGPU's default of 8 (on NVIDIA too).
// tf.addN of 8 or more tensors then builds an invalid pipeline: Dawn logs a validation error and the result is
// garbage, with no JavaScript exception. This re-registers AddN to add at most (limit − 1) inputs per shader, in
// rounds, so every tf.addN is correct whatever its input count (found by the webgpu training-step test).
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs-core';

type AddNBackend = tf.KernelBackend & { device: { limits: { maxStorageBuffersPerShaderStage: number } } };

export function installWebgpuKernels(): void {
  const stock = tf.getKernel('AddN', 'webgpu');
  if (!stock || (stock as { split?: boolean }).split) return;
  tf.unregisterKernel('AddN', 'webgpu');
  const kernel: KernelConfig & { split: boolean } = {
    kernelName: 'AddN',
    backendName: 'webgpu',
    split: true,
    kernelFunc: ((args: { inputs: NamedTensorInfoMap; backend: AddNBackend; attrs: NamedAttrMap }) => {
      const max = Math.max(2, args.backend.device.limits.maxStorageBuffersPerShaderStage - 1);
      let xs = Object.values(args.inputs) as TensorInfo[];
      const temps: TensorInfo[] = [];
      while (xs.length > max) {
        const next: TensorInfo[] = [];
        for (let i = 0; i < xs.length; i += max) {
          const part = xs.slice(i, i + max);
          if (part.length === 1) next.push(part[0]);
          else {
            const sum = stock.kernelFunc({ ...args, inputs: part as unknown as NamedTensorInfoMap }) as TensorInfo;
            temps.push(sum);
            next.push(sum);
          }
        }
        xs = next;
      }
      const out = stock.kernelFunc({ ...args, inputs: xs as unknown as NamedTensorInfoMap }) as TensorInfo;
      for (const t of temps) args.backend.disposeData(t.dataId);
      return out;
    }) as unknown as KernelFunc,
  };
  tf.registerKernel(kernel);
}
