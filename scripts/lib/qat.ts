/**
 * Quantization-aware fine-tuning for the small sequential MNIST models (docs/CALIBRATION.md,
 * "Where the widths come from"). The circuit computes an integer model: each linear layer's
 * weights rounded to `weightBits` significant bits on a power-of-two grid (src/core/ops/
 * fixed-point.ts), each ReLU's output rounded to `activationBits` fractional bits (ties up), the
 * input snapped to its `inputBits` code grid and folded into the first layer. Post-training
 * rounding of a float model to narrow widths loses agreement; training with that rounding in the
 * forward pass (straight-through gradients) lets the weights settle where the rounding costs
 * nothing. The result is a stock tfjs model (Conv2D/Dense with linear activation, ReLU and pooling
 * layers, BatchNormalization folded into the convolution before it) whose weights already lie on
 * the compiler's grid.
 */
import * as tf from '@tensorflow/tfjs';
import { weightScale } from '../../src/core/ops/fixed-point.js';

/** One layer of the model being tuned; `name` is the source layer's, kept so the circuit's layer names (and its errors) stay the model's. */
export type Step = { readonly name: string } & (
  | { readonly kind: 'conv'; kernel: tf.Variable; bias: tf.Variable; readonly strides: number; readonly padding: 'same' | 'valid' }
  | { readonly kind: 'dense'; kernel: tf.Variable; bias: tf.Variable }
  | { readonly kind: 'relu' }
  | { readonly kind: 'avgpool'; readonly size: number }
  | { readonly kind: 'flatten' }
);

export interface QatWidths {
  readonly weightBits: number;
  readonly activationBits: number;
  readonly inputBits: number;
}

/** round to the nearest integer (ties up, as the circuit's requantization), with a pass-through gradient. */
const steRound = tf.customGrad((x, save) => {
  void save;
  return { value: tf.floor(tf.add(x as tf.Tensor, 0.5)), gradFunc: (dy: tf.Tensor) => [dy] };
}) as (x: tf.Tensor) => tf.Tensor;

/** The layer's weight scale as the compiler picks it; `fold` is the input decode's factor 2^bits − 1 for the first layer, else 1. */
function kernelScale(kernel: tf.Tensor, bits: number, fold: number): number {
  return weightScale(Float64Array.from(tf.tidy(() => tf.div(kernel, fold).dataSync())), bits);
}

/**
 * w / fold on the grid 2^-s the compiler gives this layer: for the first layer that is the kernel
 * applied to the input codes (the decode's 1/(2^bits − 1) folded in), exactly what the circuit
 * multiplies.
 */
function quantizedKernel(kernel: tf.Tensor, s: number, fold: number): tf.Tensor {
  const f = 2 ** s;
  return tf.div(steRound(tf.mul(kernel, f / fold)), f);
}

/** b on its accumulator's grid 2^-scale. */
function quantizedBias(bias: tf.Tensor, scale: number): tf.Tensor {
  return tf.div(steRound(tf.mul(bias, 2 ** scale)), 2 ** scale);
}

/**
 * Walks the steps as the compiler scales them: the input codes have scale 0, a linear layer adds
 * its weight scale, a ReLU's output has at most `activationBits`, a k×k average pool adds
 * log2(k²) (its weights 1/k² are exact). `visit` gets each linear step with its rounded kernel
 * (`quantizedKernel`: in code units for the first layer; the caller owns the tensor), the input
 * decode's fold and its accumulator's scale (the bias grid).
 */
function walkScales(steps: readonly Step[], widths: QatWidths, visit: (s: Step & { kind: 'conv' | 'dense' }, kernel: tf.Tensor, fold: number, accScale: number) => void): void {
  let scale = 0;
  let linearSeen = false;
  for (const s of steps) {
    if (s.kind === 'conv' || s.kind === 'dense') {
      const fold = linearSeen ? 1 : 2 ** widths.inputBits - 1;
      linearSeen = true;
      const kernel = quantizedKernel(s.kernel, kernelScale(s.kernel, widths.weightBits, fold), fold);
      // The compiler reads the rounded kernel and may give it a coarser exact scale (fixed-point.ts,
      // weightScale); the bias then sits on that coarser accumulator grid.
      scale += weightScale(Float64Array.from(kernel.dataSync()), widths.weightBits);
      visit(s, kernel, fold, scale);
    } else if (s.kind === 'relu') scale = Math.min(scale, widths.activationBits);
    else if (s.kind === 'avgpool') scale += Math.log2(s.size * s.size);
  }
}

/** The layers of a Sequential model as training steps, BatchNormalization folded into the conv before it. */
export function stepsOf(model: tf.LayersModel): Step[] {
  const steps: Step[] = [];
  for (const layer of model.layers) {
    const cls = layer.getClassName();
    const config = layer.getConfig() as { activation?: string; strides?: number[] | number; padding?: string; poolSize?: number[] | number; epsilon?: number };
    const w = layer.getWeights();
    if (cls === 'Conv2D') {
      const strides = Array.isArray(config.strides) ? config.strides[0]! : (config.strides ?? 1);
      steps.push({ name: layer.name, kind: 'conv', kernel: tf.variable(w[0]!.clone()), bias: tf.variable(w[1] ? w[1].clone() : tf.zeros([w[0]!.shape[3]!])), strides, padding: config.padding === 'same' ? 'same' : 'valid' });
      if (config.activation === 'relu') steps.push({ name: `${layer.name}_relu`, kind: 'relu' });
      else if (config.activation && config.activation !== 'linear') throw new Error(`QAT: conv activation ${config.activation} is not supported`);
    } else if (cls === 'BatchNormalization') {
      const conv = steps[steps.length - 1];
      if (conv?.kind !== 'conv') throw new Error('QAT: a BatchNormalization must follow a Conv2D directly');
      const [gamma, beta, mean, variance] = w as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
      const factor = tf.div(gamma, tf.sqrt(tf.add(variance, config.epsilon ?? 1e-3)));
      conv.kernel.assign(tf.mul(conv.kernel, factor));
      conv.bias.assign(tf.add(tf.mul(tf.sub(conv.bias, mean), factor), beta));
    } else if (cls === 'ReLU' || (cls === 'Activation' && config.activation === 'relu')) {
      steps.push({ name: layer.name, kind: 'relu' });
    } else if (cls === 'AveragePooling2D') {
      const size = Array.isArray(config.poolSize) ? config.poolSize[0]! : (config.poolSize ?? 2);
      // The compiler's pool weights 1/k² are exact only for a power-of-two k², which toModel's scales assume.
      if (!Number.isInteger(Math.log2(size * size))) throw new Error(`QAT: average pooling of size ${size} is not supported (powers of two only)`);
      steps.push({ name: layer.name, kind: 'avgpool', size });
    } else if (cls === 'Flatten') {
      steps.push({ name: layer.name, kind: 'flatten' });
    } else if (cls === 'Dense') {
      steps.push({ name: layer.name, kind: 'dense', kernel: tf.variable(w[0]!.clone()), bias: tf.variable(w[1]!.clone()) });
      if (config.activation === 'relu') steps.push({ name: `${layer.name}_relu`, kind: 'relu' });
      else if (config.activation && !['linear', 'softmax'].includes(config.activation)) throw new Error(`QAT: dense activation ${config.activation} is not supported`);
    } else if (cls !== 'InputLayer') {
      throw new Error(`QAT: layer ${layer.name} (${cls}) is not supported`);
    }
  }
  return steps;
}

/** Logits of the integer-rounded model (quantized = true) or of the float one, on inputs in [0, 1]. */
export function forward(steps: readonly Step[], x: tf.Tensor, widths: QatWidths, quantized: boolean): tf.Tensor {
  const params = new Map<Step, { kernel: tf.Tensor; bias: tf.Tensor }>();
  if (quantized) walkScales(steps, widths, (s, kernel, _fold, acc) => params.set(s, { kernel, bias: quantizedBias(s.bias, acc) }));
  // Rounded, the pass runs on the input codes and grid values only: every product and sum is then a
  // dyadic rational float32 holds exactly, so requantization ties round as the circuit's do.
  let h = quantized ? steRound(tf.mul(x, 2 ** widths.inputBits - 1)) : x;
  for (const s of steps) {
    if (s.kind === 'conv' || s.kind === 'dense') {
      const { kernel, bias } = params.get(s) ?? s;
      h = s.kind === 'conv' ? tf.add(tf.conv2d(h as tf.Tensor4D, kernel as tf.Tensor4D, s.strides, s.padding), bias) : tf.add(tf.matMul(h as tf.Tensor2D, kernel as tf.Tensor2D), bias);
    } else if (s.kind === 'relu') {
      h = tf.relu(h);
      if (quantized) h = tf.div(steRound(tf.mul(h, 2 ** widths.activationBits)), 2 ** widths.activationBits);
    } else if (s.kind === 'avgpool') {
      h = tf.avgPool(h as tf.Tensor4D, s.size, s.size, 'valid');
    } else {
      h = tf.reshape(h, [h.shape[0]!, -1]);
    }
  }
  return h;
}

/** A stock Sequential model with the steps' kernels and biases on the compiler's grid, so compiling it rounds no parameter. */
export function toModel(steps: readonly Step[], inputShape: readonly number[], widths: QatWidths): tf.LayersModel {
  const onGrid = new Map<Step, tf.Tensor[]>();
  walkScales(steps, widths, (s, kernel, fold, acc) => {
    onGrid.set(s, tf.tidy(() => [tf.mul(kernel, fold), quantizedBias(s.bias, acc)]));
    kernel.dispose();
  });
  const model = tf.sequential();
  let first = true;
  const shapeArg = () => (first ? { inputShape: [...inputShape] } : {});
  const last = steps.reduce((at, s, i) => (s.kind === 'dense' ? i : at), -1);
  steps.forEach((s, i) => {
    if (s.kind === 'conv' || s.kind === 'dense') {
      const layer =
        s.kind === 'conv'
          ? tf.layers.conv2d({ name: s.name, filters: s.kernel.shape[3]!, kernelSize: [s.kernel.shape[0]!, s.kernel.shape[1]!], strides: s.strides, padding: s.padding, ...shapeArg() })
          : tf.layers.dense({ name: s.name, units: s.kernel.shape[1]!, activation: i === last ? 'softmax' : 'linear', ...shapeArg() });
      model.add(layer);
      layer.setWeights(onGrid.get(s)!);
    } else if (s.kind === 'relu') model.add(tf.layers.reLU({ name: s.name, ...shapeArg() }));
    else if (s.kind === 'avgpool') model.add(tf.layers.averagePooling2d({ name: s.name, poolSize: s.size, strides: s.size, ...shapeArg() }));
    else model.add(tf.layers.flatten({ name: s.name, ...shapeArg() }));
    first = false;
  });
  onGrid.forEach((ts) => tf.dispose(ts));
  return model;
}

/**
 * Fine-tunes the steps with the integer rounding in the forward pass: Adam on the sum of the
 * softmax cross-entropies of the rounded and the float pass, `batches()` giving each epoch's
 * (inputs, one-hot labels). Returns the last epoch's mean loss (the sum).
 */
export function fineTune(steps: readonly Step[], widths: QatWidths, epochs: number, lr: number, batches: () => Iterable<{ xs: tf.Tensor; ys: tf.Tensor }>): number {
  const vars = steps.flatMap((s) => (s.kind === 'conv' || s.kind === 'dense' ? [s.kernel, s.bias] : []));
  const optimizer = tf.train.adam(lr);
  let loss = 0;
  for (let epoch = 0; epoch < epochs; epoch++) {
    let sum = 0;
    let n = 0;
    for (const { xs, ys } of batches()) {
      // Both passes learn the label: the rounded one is what the circuit proves, the float one on
      // the unrounded input is what agreement compares it with (and what the published model
      // computes), so training them together keeps their decisions alike where rounding the input
      // alone would tip them.
      const cost = optimizer.minimize(() => tf.add(tf.losses.softmaxCrossEntropy(ys, forward(steps, xs, widths, true)), tf.losses.softmaxCrossEntropy(ys, forward(steps, xs, widths, false))), true, vars)!;
      sum += cost.dataSync()[0]! * xs.shape[0]!;
      n += xs.shape[0]!;
      tf.dispose([cost, xs, ys]);
    }
    loss = sum / n;
  }
  optimizer.dispose();
  return loss;
}
