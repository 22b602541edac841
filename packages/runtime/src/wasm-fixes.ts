import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import * as tf from '@tensorflow/tfjs';

/**
 * The fixes the TensorFlow.js 4.22 wasm backend needs before it can train synthctr's models
 * (measured in shared/reference/runtime.md). Apply them before `setBackend('wasm')`.
 */

type AnyBackend = {
  readSync(dataId: object): tf.backend_util.BackendValues;
  write(values: tf.backend_util.BackendValues, shape: number[], dtype: tf.DataType): object;
  disposeData(dataId: object): boolean;
  makeOutput?(shape: number[], dtype: tf.DataType): TensorInfo;
  typedArrayFromHeap?(info: TensorInfo): tf.backend_util.TypedArray;
  makeTensorInfo?(
    shape: number[],
    dtype: tf.DataType,
    values?: tf.backend_util.BackendValues,
  ): TensorInfo;
  data?: { get(dataId: object): { values: tf.backend_util.TypedArray } };
};

const COMPARISON_OPS = ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual'];
const BRIDGED_TO_CPU = [
  'Einsum',
  'Conv2DBackpropFilter',
  'DepthwiseConv2dNativeBackpropFilter',
  'DepthwiseConv2dNativeBackpropInput',
];

/** Marks a kernel function as one of synthctr's fixes (shared across module copies). */
const FIX_MARK = Symbol.for('synthctr.wasm-fix');
type FixName = 'transposed-matmul' | 'segment-sum' | 'cpu-bridge';

function mark(fn: KernelFunc, fix: FixName): KernelFunc {
  (fn as unknown as Record<symbol, FixName>)[FIX_MARK] = fix;
  return fn;
}

function fixOf(kernelName: string, backendName: string): FixName | undefined {
  const kernel = tf.getKernel(kernelName, backendName);
  return kernel ? (kernel.kernelFunc as unknown as Record<symbol, FixName>)[FIX_MARK] : undefined;
}

let gradientsRegistered = false;
let wasmPatched = false;
let cpuPatched = false;

/**
 * Fix 1: wasm's BatchMatMul and _FusedMatMul run about 12x slower with a transposed operand.
 * The replacement materialises the transpose with the wasm Transpose kernel, then calls the
 * original kernel untransposed. The original setupFunc is kept so the wasm function table is
 * bound when the backend starts.
 */
function patchTransposedMatMul(kernelName: 'BatchMatMul' | '_FusedMatMul'): void {
  const original = tf.getKernel(kernelName, 'wasm');
  const transpose = tf.getKernel('Transpose', 'wasm');
  if (!original || !transpose || fixOf(kernelName, 'wasm') === 'transposed-matmul') return;
  const kernelFunc: KernelFunc = ({ inputs, attrs, backend }) => {
    const { transposeA, transposeB } = attrs as { transposeA: boolean; transposeB: boolean };
    if (!transposeA && !transposeB) return original.kernelFunc({ inputs, attrs, backend });
    const temps: TensorInfo[] = [];
    const flip = (x: TensorInfo): TensorInfo => {
      const rank = x.shape.length;
      const perm = [...Array(rank).keys()];
      perm[rank - 1] = rank - 2;
      perm[rank - 2] = rank - 1;
      const t = transpose.kernelFunc({ inputs: { x }, attrs: { perm }, backend }) as TensorInfo;
      temps.push(t);
      return t;
    };
    const a = inputs.a as TensorInfo;
    const b = inputs.b as TensorInfo;
    const newInputs = { ...inputs, a: transposeA ? flip(a) : a, b: transposeB ? flip(b) : b };
    const newAttrs = { ...attrs, transposeA: false, transposeB: false };
    const out = original.kernelFunc({ inputs: newInputs, attrs: newAttrs, backend });
    for (const t of temps) (backend as unknown as AnyBackend).disposeData(t.dataId);
    return out;
  };
  tf.unregisterKernel(kernelName, 'wasm');
  tf.registerKernel({
    ...original,
    kernelFunc: mark(kernelFunc, 'transposed-matmul'),
  } as KernelConfig);
}

/**
 * Fix 2: an O(N) UnsortedSegmentSum (the gradient of every embedding lookup). wasm has none;
 * cpu's own is O(segments x N), minutes per step on a 5,400-row table. Heap views are taken
 * only after the output is allocated, because allocation can grow (and move) the wasm heap.
 */
function segmentSumKernel(backendName: 'wasm' | 'cpu'): KernelConfig {
  const kernelFunc: KernelFunc = ({ inputs, attrs, backend }) => {
    const be = backend as unknown as AnyBackend;
    const x = inputs.x as TensorInfo;
    const ids = inputs.segmentIds as TensorInfo;
    const numSegments = (attrs as { numSegments: number }).numSegments;
    const idCount = ids.shape.reduce((p, d) => p * d, 1);
    const xSize = x.shape.reduce((p, d) => p * d, 1);
    const inner = idCount === 0 ? 0 : xSize / idCount;
    const outShape = [numSegments, ...x.shape.slice(ids.shape.length)];
    const dtype = x.dtype;
    if (backendName === 'wasm') {
      const out = be.makeOutput!(outShape, dtype);
      const outVals = be.typedArrayFromHeap!(out);
      outVals.fill(0);
      const xVals = be.typedArrayFromHeap!(x);
      const idVals = be.typedArrayFromHeap!(ids);
      accumulate(outVals, xVals, idVals, inner, numSegments);
      return out;
    }
    const xVals = be.data!.get(x.dataId).values;
    const idVals = be.data!.get(ids.dataId).values;
    const outVals = tf.util.getTypedArrayFromDType(dtype as 'float32', numSegments * inner);
    accumulate(outVals, xVals, idVals, inner, numSegments);
    return be.makeTensorInfo!(outShape, dtype, outVals);
  };
  return {
    kernelName: 'UnsortedSegmentSum',
    backendName,
    kernelFunc: mark(kernelFunc, 'segment-sum'),
  };
}

function accumulate(
  out: tf.backend_util.TypedArray,
  x: tf.backend_util.TypedArray,
  ids: tf.backend_util.TypedArray,
  inner: number,
  numSegments: number,
): void {
  for (let i = 0; i < ids.length; i++) {
    const seg = ids[i];
    if (seg < 0 || seg >= numSegments) continue;
    const src = i * inner;
    const dst = seg * inner;
    for (let j = 0; j < inner; j++) out[dst + j] += x[src + j];
  }
}

/**
 * Fix 4 (optional): kernels missing on wasm that synthctr may hit rarely run on the cpu
 * backend, their inputs copied across. Only for small, rare ops.
 */
function bridgeToCpu(kernelName: string): void {
  const cpuKernel = tf.getKernel(kernelName, 'cpu');
  if (!cpuKernel || tf.getKernel(kernelName, 'wasm')) return;
  const kernelFunc: KernelFunc = ({ inputs, attrs, backend }) => {
    const wasm = backend as unknown as AnyBackend;
    const cpu = tf.findBackend('cpu') as unknown as AnyBackend;
    // Some kernels (Einsum, AddN, Concat) take their inputs as an array: keep that shape.
    const cpuInputs: Record<string, TensorInfo> | TensorInfo[] = Array.isArray(inputs) ? [] : {};
    for (const [key, info] of Object.entries(inputs)) {
      if (!info) continue;
      const t = info as TensorInfo;
      const dataId = cpu.write(wasm.readSync(t.dataId), t.shape, t.dtype);
      (cpuInputs as Record<string, TensorInfo>)[key] = { dataId, shape: t.shape, dtype: t.dtype };
    }
    const result = cpuKernel.kernelFunc({
      inputs: cpuInputs as tf.NamedTensorInfoMap,
      attrs,
      backend: cpu as unknown as tf.KernelBackend,
    });
    const outs = Array.isArray(result) ? result : [result];
    const moved = outs.map((o) => {
      const out = wasm.makeOutput!(o.shape, o.dtype);
      wasm.typedArrayFromHeap!(out).set(cpu.readSync(o.dataId) as tf.backend_util.TypedArray);
      cpu.disposeData(o.dataId);
      return out;
    });
    for (const info of Object.values(cpuInputs)) cpu.disposeData(info.dataId);
    return Array.isArray(result) ? moved : moved[0];
  };
  tf.registerKernel({
    kernelName,
    backendName: 'wasm',
    kernelFunc: mark(kernelFunc, 'cpu-bridge'),
  });
}

/**
 * Fix 3: zero gradients for the comparison ops, so second-order gradients (WGAN-GP's gradient
 * penalty through leakyRelu) work on every backend. Registered only where tfjs has none.
 */
export function registerComparisonGradients(): void {
  if (gradientsRegistered) return;
  gradientsRegistered = true;
  for (const kernelName of COMPARISON_OPS) {
    if (tf.getGradient(kernelName)) continue;
    tf.registerGradient({
      kernelName,
      inputsToSave: ['a', 'b'],
      gradFunc: (_dy, saved) => {
        const [a, b] = saved as tf.Tensor[];
        return { a: () => tf.zerosLike(a), b: () => tf.zerosLike(b) };
      },
    });
  }
}

/** Applies all four wasm fixes; call before `setBackend('wasm')`. Idempotent. */
export function applyWasmFixes(): void {
  registerComparisonGradients();
  if (wasmPatched) return;
  wasmPatched = true;
  patchTransposedMatMul('BatchMatMul');
  patchTransposedMatMul('_FusedMatMul');
  if (!tf.getKernel('UnsortedSegmentSum', 'wasm')) tf.registerKernel(segmentSumKernel('wasm'));
  for (const name of BRIDGED_TO_CPU) bridgeToCpu(name);
}

/** Replaces cpu's O(segments x N) UnsortedSegmentSum with the O(N) one; cpu is the test oracle. */
export function applyCpuFixes(): void {
  registerComparisonGradients();
  if (cpuPatched) return;
  cpuPatched = true;
  if (fixOf('UnsortedSegmentSum', 'cpu') === 'segment-sum') return;
  if (tf.getKernel('UnsortedSegmentSum', 'cpu')) tf.unregisterKernel('UnsortedSegmentSum', 'cpu');
  tf.registerKernel(segmentSumKernel('cpu'));
}

/** Which of the fixes are in place in the kernel registry (for tests and diagnostics). */
export interface WasmFixStatus {
  /** Fix 1: wasm BatchMatMul and _FusedMatMul materialise transposes. */
  transposedMatMul: boolean;
  /** Fix 2: wasm has the O(N) UnsortedSegmentSum. */
  segmentSum: boolean;
  /** The cpu oracle uses the same O(N) UnsortedSegmentSum instead of its O(segments x N) one. */
  cpuSegmentSum: boolean;
  /** Fix 3: every comparison op has a (zero) gradient. */
  comparisonGradients: boolean;
  /** Fix 4: the kernels that run on wasm through the cpu bridge. */
  bridged: string[];
}

/** Reads the kernel and gradient registries and says which fixes are applied. */
export function wasmFixStatus(): WasmFixStatus {
  return {
    transposedMatMul:
      fixOf('BatchMatMul', 'wasm') === 'transposed-matmul' &&
      fixOf('_FusedMatMul', 'wasm') === 'transposed-matmul',
    segmentSum: fixOf('UnsortedSegmentSum', 'wasm') === 'segment-sum',
    cpuSegmentSum: fixOf('UnsortedSegmentSum', 'cpu') === 'segment-sum',
    comparisonGradients: COMPARISON_OPS.every((name) => tf.getGradient(name) !== undefined),
    bridged: BRIDGED_TO_CPU.filter((name) => fixOf(name, 'wasm') === 'cpu-bridge'),
  };
}
