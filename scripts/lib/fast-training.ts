/**
 * Training-speed helpers for the pure-JS @tensorflow/tfjs CPU backend (tfjs-node cannot be
 * installed here). They change how gradients and batch statistics are *computed during training*,
 * not what is computed: the models that get saved are plain tfjs layers, and every helper here is
 * checked against the stock tfjs computation in fast-training.test.ts.
 *
 * 1. `installFastConvFilterGrad`: tfjs-backend-cpu 4.22 computes Conv2DBackpropFilter (the
 *    gradient of a conv's weights) with a `TensorBuffer.get(b, r, c, d)` call per multiply-add
 *    (variadic arguments, index arithmetic, bounds checks). On MNIST-sized convs that makes one
 *    backward pass ~30–80× slower than the forward pass (1.2 s against 15 ms for a batch of 64).
 *    The replacement kernel is the same sum in channels-last typed-array loops, accumulated in
 *    float64 and stored in float32 like the original; anything else falls back to the original.
 *
 * 2. `TrainingBatchNorm`: tfjs's BatchNormalization in training mode is built from broadcasting
 *    element-wise ops, reductions over non-trailing axes (transpose first) and Tile, whose CPU
 *    kernels index element by element; in a small CNN it costs more than the convolutions. This
 *    layer computes the same training-mode transform, y = γ·(x − μ_B)/√(σ²_B + ε) + β with the
 *    batch's own mean and (biased) variance per channel, and its exact gradient, in two JS loops.
 *    It keeps no moving averages: the trainer copies γ and β into a real BatchNormalization layer
 *    and sets its moving mean/variance from the training data afterwards.
 */
import * as tf from '@tensorflow/tfjs';

interface CpuBackendLike {
  data: { get(dataId: unknown): { values: unknown } };
  makeTensorInfo(shape: number[], dtype: string, values: Float32Array): tf.TensorInfo;
}

interface FilterGradAttrs {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
  filterShape: [number, number, number, number];
}

/** dW[wR, wC, d1, d2] = Σ_{b, yR, yC} x[b, yR·sH + wR − top, yC·sW + wC − left, d1] · dy[b, yR, yC, d2]. */
export function conv2dFilterGradNHWC(
  x: Float32Array,
  xShape: readonly [number, number, number, number],
  dy: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): Float32Array {
  const [batch, inH, inW, inC] = xShape;
  const { outHeight, outWidth, outChannels, filterHeight, filterWidth, strideHeight, strideWidth } = info;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const acc = new Float64Array(filterHeight * filterWidth * inC * outChannels);
  for (let b = 0; b < batch; b++) {
    for (let yR = 0; yR < outHeight; yR++) {
      for (let yC = 0; yC < outWidth; yC++) {
        const dyOff = ((b * outHeight + yR) * outWidth + yC) * outChannels;
        for (let wR = 0; wR < filterHeight; wR++) {
          const xR = yR * strideHeight + wR - top;
          if (xR < 0 || xR >= inH) continue;
          for (let wC = 0; wC < filterWidth; wC++) {
            const xC = yC * strideWidth + wC - left;
            if (xC < 0 || xC >= inW) continue;
            const xOff = ((b * inH + xR) * inW + xC) * inC;
            const wOff = (wR * filterWidth + wC) * inC * outChannels;
            for (let d1 = 0; d1 < inC; d1++) {
              const xv = x[xOff + d1]!;
              // Exact zeros (black background pixels, dead ReLUs) add nothing: skip their row.
              if (xv === 0) continue;
              const base = wOff + d1 * outChannels;
              for (let d2 = 0; d2 < outChannels; d2++) acc[base + d2]! += xv * dy[dyOff + d2]!;
            }
          }
        }
      }
    }
  }
  return Float32Array.from(acc);
}

let installed = false;

/** Replaces the CPU backend's Conv2DBackpropFilter kernel (idempotent). */
export function installFastConvFilterGrad(): void {
  if (installed) return;
  const original = tf.getKernel('Conv2DBackpropFilter', 'cpu');
  if (original == null) throw new Error('the tfjs CPU backend has no Conv2DBackpropFilter kernel to replace');
  tf.unregisterKernel('Conv2DBackpropFilter', 'cpu');
  tf.registerKernel({
    kernelName: 'Conv2DBackpropFilter',
    backendName: 'cpu',
    kernelFunc: (args) => {
      const attrs = args.attrs as unknown as FilterGradAttrs;
      const x = args.inputs.x!;
      const dy = args.inputs.dy!;
      if (attrs.dataFormat !== 'NHWC' || x.dtype !== 'float32' || dy.dtype !== 'float32') return original.kernelFunc(args);
      const backend = args.backend as unknown as CpuBackendLike;
      const info = tf.backend_util.computeConv2DInfo(
        x.shape as [number, number, number, number],
        attrs.filterShape,
        attrs.strides,
        1,
        attrs.pad,
        attrs.dimRoundingMode,
        false,
        'channelsLast',
      );
      const values = conv2dFilterGradNHWC(
        backend.data.get(x.dataId).values as Float32Array,
        x.shape as [number, number, number, number],
        backend.data.get(dy.dataId).values as Float32Array,
        info,
      );
      return backend.makeTensorInfo([...info.filterShape], 'float32', values);
    },
  });
  installed = true;
}

/**
 * Training-mode batch normalisation over the last (channel) axis, with its gradient. Returns the
 * normalised tensor; gradients flow to x, gamma and beta.
 */
export function batchNormTraining(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor, epsilon: number): tf.Tensor {
  const op = tf.customGrad((...args: unknown[]) => {
    const [xt, gt, bt] = args as [tf.Tensor, tf.Tensor, tf.Tensor];
    const channels = xt.shape.at(-1)!;
    const xs = xt.dataSync();
    const g = gt.dataSync();
    const b = bt.dataSync();
    const rows = xs.length / channels;
    const mean = new Float64Array(channels);
    const variance = new Float64Array(channels);
    for (let i = 0; i < xs.length; i++) mean[i % channels] += xs[i]!;
    for (let c = 0; c < channels; c++) mean[c] /= rows;
    for (let i = 0; i < xs.length; i++) variance[i % channels] += (xs[i]! - mean[i % channels]!) ** 2;
    const inv = new Float64Array(channels);
    for (let c = 0; c < channels; c++) inv[c] = 1 / Math.sqrt(variance[c]! / rows + epsilon);
    const xhat = new Float32Array(xs.length);
    const out = new Float32Array(xs.length);
    for (let i = 0; i < xs.length; i++) {
      const c = i % channels;
      xhat[i] = (xs[i]! - mean[c]!) * inv[c]!;
      out[i] = g[c]! * xhat[i]! + b[c]!;
    }
    return {
      value: tf.tensor(out, xt.shape),
      gradFunc: (dyt: tf.Tensor) => {
        const dy = dyt.dataSync();
        const sumDy = new Float64Array(channels);
        const sumDyXhat = new Float64Array(channels);
        for (let i = 0; i < dy.length; i++) {
          sumDy[i % channels] += dy[i]!;
          sumDyXhat[i % channels] += dy[i]! * xhat[i]!;
        }
        // dL/dx = γ/(N·√(σ²+ε)) · (N·dy − Σdy − x̂·Σ(dy·x̂)): the batch statistics depend on x too.
        const dx = new Float32Array(dy.length);
        for (let i = 0; i < dy.length; i++) {
          const c = i % channels;
          dx[i] = ((g[c]! * inv[c]!) / rows) * (rows * dy[i]! - sumDy[c]! - xhat[i]! * sumDyXhat[c]!);
        }
        return [tf.tensor(dx, xt.shape), tf.tensor1d(Float32Array.from(sumDyXhat)), tf.tensor1d(Float32Array.from(sumDy))];
      },
    };
  });
  return op(x, gamma, beta);
}

export interface TrainingBatchNormArgs {
  name?: string;
  epsilon?: number;
}

/** A layer wrapping `batchNormTraining`, with trainable γ (ones) and β (zeros) like tfjs's own. */
export class TrainingBatchNorm extends tf.layers.Layer {
  static readonly className = 'TrainingBatchNorm';
  readonly epsilon: number;
  private gamma: tf.LayerVariable | null = null;
  private beta: tf.LayerVariable | null = null;

  constructor(args: TrainingBatchNormArgs = {}) {
    super(args.name ? { name: args.name } : {});
    // tfjs BatchNormalization's default, so the published layer computes the same function.
    this.epsilon = args.epsilon ?? 1e-3;
  }

  override build(inputShape: tf.Shape | tf.Shape[]): void {
    const shape = (Array.isArray(inputShape[0]) ? inputShape[0] : inputShape) as tf.Shape;
    const channels = shape.at(-1);
    if (channels == null) throw new Error(`${this.name}: the channel dimension must be known`);
    this.gamma = this.addWeight('gamma', [channels], 'float32', tf.initializers.ones());
    this.beta = this.addWeight('beta', [channels], 'float32', tf.initializers.zeros());
    this.built = true;
  }

  override computeOutputShape(inputShape: tf.Shape | tf.Shape[]): tf.Shape | tf.Shape[] {
    return inputShape;
  }

  override call(inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
    const x = Array.isArray(inputs) ? inputs[0]! : inputs;
    return batchNormTraining(x, this.gamma!.read(), this.beta!.read(), this.epsilon);
  }

  override getConfig(): tf.serialization.ConfigDict {
    return { ...super.getConfig(), epsilon: this.epsilon };
  }
}
