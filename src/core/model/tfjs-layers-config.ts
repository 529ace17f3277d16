/**
 * Keras configs as newer Keras versions write them, rewritten into the forms tfjs's deserializer
 * reads. Keras 2.7+ may give an activation as an object ({class_name, config}) and Keras 3 as
 * {module, class_name: "function", config: "relu", registered_name}; tfjs reads only a name
 * ("Unknown activation: function"). Keras 3 also writes `batch_shape` for the input and the dtype
 * as a policy object. Only these spellings change: what the model computes is untouched.
 */
import { fail } from '../errors.js';

type Json = Record<string, unknown>;

const absent = (v: unknown) => v === undefined || v === null;

/**
 * A layer's class and config with its slope in the key tfjs reads. Keras 3 writes LeakyReLU's
 * slope as `negative_slope` (Keras 2 and tfjs: `alpha`); tfjs ignores a key it does not know and
 * would run its default 0.3. Keras's ReLU layer has `negative_slope` and `threshold`, which tfjs's
 * ReLU ignores altogether (it would run a plain ReLU): a leaky ReLU without a cap is a LeakyReLU,
 * and a threshold or a cap on a leaky ReLU is refused by name.
 */
export function kerasSlopeLayer(className: string, config: Json, where: string): { className: string; config: Json } {
  if (className === 'LeakyReLU' && 'negative_slope' in config) {
    const { negative_slope: slope, ...rest } = config;
    return { className, config: absent(rest.alpha) && !absent(slope) ? { ...rest, alpha: slope } : rest };
  }
  if (className !== 'ReLU') return { className, config };
  const { negative_slope: slope, threshold, ...rest } = config;
  const leaky = !absent(slope) && slope !== 0;
  if ((!absent(threshold) && threshold !== 0) || (leaky && !absent(rest.max_value))) {
    fail('model', 'unsupported-config', `${where} sets threshold ${String(threshold ?? 0)}, negative_slope ${String(slope ?? 0)} and max_value ${String(rest.max_value ?? null)}; supported: the plain ReLU, ReLU6 (max_value 6) and a leaky ReLU (negative_slope, no threshold or max_value)`);
  }
  if (!leaky) return { className, config: rest };
  const leakyConfig: Json = { ...rest, alpha: slope };
  delete leakyConfig.max_value;
  return { className: 'LeakyReLU', config: leakyConfig };
}

/** The activation a config entry names ("relu", "sigmoid", ...), or the value unchanged when it is not one. */
export function activationName(act: unknown): unknown {
  if (typeof act !== 'object' || act === null || Array.isArray(act)) return act;
  const o = act as { class_name?: unknown; config?: unknown };
  const config = o.config as { name?: unknown; activation?: unknown } | string | undefined;
  // Keras 3: {class_name: "function", config: "relu"}; a serialized Activation layer: config.activation.
  if (typeof config === 'string') return config;
  if (config && typeof config === 'object' && typeof config.activation === 'string') return config.activation;
  if (typeof o.class_name === 'string' && o.class_name !== 'function') {
    if (o.class_name === 'ReLU') return reluName(config);
    // Keras activation classes (Softmax, ...) and functions ("relu") share the lower-case name.
    return o.class_name.toLowerCase();
  }
  if (config && typeof config === 'object' && typeof config.name === 'string') return config.name;
  return act;
}

/**
 * A ReLU activation object: "relu", or "relu6" for max_value 6; any other setting is kept as the
 * object so that loading names it rather than running a different function.
 */
function reluName(config: unknown): unknown {
  const c = (typeof config === 'object' && config !== null ? config : {}) as { max_value?: unknown; negative_slope?: unknown; threshold?: unknown };
  const plain = !c.negative_slope && !c.threshold;
  if (plain && (c.max_value === undefined || c.max_value === null)) return 'relu';
  if (plain && c.max_value === 6) return 'relu6';
  return { class_name: 'ReLU', config };
}

/** A copy of a Keras model topology with every layer config in the spellings tfjs reads. */
export function normaliseKerasTopology<T>(topology: T): T {
  return rewrite(topology) as T;
}

/** `inLayers`: the value is an element of a `layers` list (a layer, not an activation object). */
function rewrite(value: unknown, inLayers = false): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, inLayers));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = rewrite(v, k === 'layers');
  const o = out as { class_name?: unknown; config?: Record<string, unknown> };
  if (typeof o.class_name === 'string' && o.config && typeof o.config === 'object' && !Array.isArray(o.config)) {
    let c = { ...o.config };
    if (inLayers) {
      const name = typeof c.name === 'string' ? c.name : typeof out.name === 'string' ? out.name : 'a layer';
      const layer = kerasSlopeLayer(o.class_name, c, `layer "${name}" (${o.class_name})`);
      out.class_name = layer.className;
      c = layer.config;
    }
    if ('activation' in c) c.activation = activationName(c.activation);
    if ('batch_shape' in c && !('batch_input_shape' in c)) {
      c.batch_input_shape = c.batch_shape;
      delete c.batch_shape;
    }
    const dtype = c.dtype as { config?: { name?: unknown } } | undefined;
    // A dtype policy ("float32", "mixed_float16"): tfjs holds and computes every layer in float32.
    if (dtype && typeof dtype === 'object' && typeof dtype.config?.name === 'string') c.dtype = 'float32';
    out.config = c;
  }
  return out;
}
