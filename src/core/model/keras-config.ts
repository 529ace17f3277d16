/**
 * A Keras model config (Keras 2.x `class_name`/`config`, or Keras 3.x with `module`,
 * `registered_name`, dtype-policy objects, `batch_shape` and `__keras_tensor__` call arguments)
 * rewritten into the Keras 2 form tfjs Layers reads, so that tfjs builds the model
 * (tf.models.modelFromJSON) and the float reference and the import are tfjs's own.
 *
 * Only what inference needs survives: initializers become zeros (the file's weights replace them;
 * this also spares tfjs unknown initializer classes and random draws), regularizers and
 * constraints are dropped.
 */
import { fail } from '../errors.js';
import { SUPPORTED_LAYERS } from './import.js';
import { kerasSlopeLayer } from './tfjs-layers-config.js';

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Keras's own name for a saveable of a class (`Conv2D` → `conv2d`, `MaxPooling2D` → `max_pooling2d`, `ReLU` → `re_lu`). */
export function kerasSnakeCase(className: string): string {
  return className
    .replace(/\W+/g, '')
    .replace(/(.)([A-Z][a-z]+)/g, '$1_$2')
    .replace(/([a-z])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** An activation as tfjs names it, from a string or a serialized activation object. */
function activationName(v: unknown, where: string): string | null {
  if (v === undefined || v === null) return null;
  let name: unknown = v;
  if (isObject(v)) {
    const cfg = v.config;
    name = typeof cfg === 'string' ? cfg : isObject(cfg) && typeof cfg.name === 'string' ? cfg.name : typeof v.class_name === 'string' && v.class_name !== 'function' ? v.class_name : undefined;
  }
  if (typeof name !== 'string') return fail('model', 'unsupported-activation', `${where} has an activation Keras serialized as ${JSON.stringify(v).slice(0, 120)}, which is not a named activation`);
  // A class name ("ReLU", "Softmax") names the function in lower case; tfjs spells Keras's
  // snake-case names in camel case (hard_sigmoid → hardSigmoid).
  if (/^[A-Z]/.test(name)) return name.toLowerCase();
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}

function layerConfig(className: string, raw: unknown, where: string): Json {
  const config: Json = isObject(raw) ? { ...raw } : {};
  for (const key of Object.keys(config)) {
    if (key.endsWith('_initializer')) config[key] = { class_name: 'Zeros', config: {} };
    else if (key.endsWith('_regularizer') || key.endsWith('_constraint')) config[key] = null;
  }
  // Keras 3 writes a dtype policy object ({"class_name": "DTypePolicy", …}) where tfjs wants a
  // dtype; mixed-precision policies compute in float16 where tfjs computes in float32 from the
  // same weights, which is the reference the circuit is held to.
  if ('dtype' in config) config.dtype = 'float32';
  if ('activation' in config) config.activation = activationName(config.activation, where);
  if (className === 'InputLayer') {
    if (config.batch_input_shape === undefined && Array.isArray(config.batch_shape)) config.batch_input_shape = config.batch_shape;
    if (config.batch_input_shape === undefined && Array.isArray(config.shape)) config.batch_input_shape = [null, ...(config.shape as unknown[])];
    delete config.batch_shape;
    delete config.shape;
    delete config.optional;
  }
  const groups = config.groups ?? 1;
  if (groups === 1) delete config.groups;
  else if (className !== 'Conv2D' || !Number.isInteger(groups) || (groups as number) < 1) {
    fail('model', 'unsupported-config', `${where} has groups ${String(groups)}; grouped convolutions are supported for Conv2D with a whole number of groups`);
  }
  // A grouped Conv2D keeps `groups` (tfjs ignores the key and builds a full kernel): the Keras
  // source widens the stored kernel to that full kernel, zero outside each group, and restores
  // the grouped op after the import (keras-source.ts).
  return config;
}

function classNameOf(entry: Json, where: string): string {
  const cls = entry.class_name;
  if (typeof cls !== 'string') return fail('model', 'malformed-keras-config', `${where} has no "class_name"`);
  return cls;
}

/** Keras 3 call arguments hold `__keras_tensor__` objects; Keras 2 (and tfjs) list [layer, node, tensor, kwargs]. */
function inboundNodes(v: unknown, where: string): unknown[] {
  if (!Array.isArray(v)) return [];
  return v.map((node) => {
    if (Array.isArray(node)) return node; // Keras 2 form already
    if (!isObject(node)) return fail('model', 'malformed-keras-config', `${where} has an inbound node tfjs cannot read`);
    const tensors: unknown[] = [];
    const walk = (x: unknown): void => {
      if (Array.isArray(x)) x.forEach(walk);
      else if (isObject(x)) {
        if (x.class_name === '__keras_tensor__' && isObject(x.config) && Array.isArray(x.config.keras_history)) {
          const [layer, nodeIndex, tensorIndex] = x.config.keras_history as [string, number, number];
          tensors.push([layer, nodeIndex, tensorIndex, {}]);
        } else Object.values(x).forEach(walk);
      }
    };
    walk(node.args);
    return tensors;
  });
}

/** ["input", 0, 0] (Keras 3, one tensor) or [["input", 0, 0], …] → the list form. */
function tensorList(v: unknown): unknown {
  return Array.isArray(v) && typeof v[0] === 'string' ? [v] : v;
}

function checkSupported(cls: string, name: string): void {
  if (cls === 'InputLayer' || (SUPPORTED_LAYERS as readonly string[]).includes(cls)) return;
  fail('model', 'unsupported-layer', `layer "${name}" has class ${cls}, which is not supported; supported layers: ${SUPPORTED_LAYERS.join(', ')}`);
}

function layerEntry(entry: unknown, index: number, functional: boolean): Json {
  if (!isObject(entry)) return fail('model', 'malformed-keras-config', `layer ${index} of the Keras config is not an object`);
  const raw = isObject(entry.config) ? entry.config : {};
  const name = typeof entry.name === 'string' ? entry.name : typeof raw.name === 'string' ? raw.name : `layer ${index}`;
  const cls = classNameOf(entry, `layer "${name}"`);
  if (cls === 'Sequential' || cls === 'Functional' || cls === 'Model') {
    fail('model', 'nested-model', `layer "${name}" is itself a model (${cls}); nested models are not supported: save the model flat`);
  }
  checkSupported(cls, name);
  const where = `layer "${name}" (${cls})`;
  const layer = kerasSlopeLayer(cls, layerConfig(cls, raw, where), where);
  const out: Json = { class_name: layer.className, config: layer.config };
  if (functional) {
    out.name = name;
    out.inbound_nodes = inboundNodes(entry.inbound_nodes, `layer "${name}"`);
  }
  return out;
}

/** The config tfjs's modelFromJSON accepts, from any of the Keras forms above. */
export function tfjsTopology(kerasConfig: unknown): Json {
  if (!isObject(kerasConfig)) return fail('model', 'malformed-keras-config', 'the Keras model config is not a JSON object');
  const cls = classNameOf(kerasConfig, 'the Keras model config');
  const config = kerasConfig.config;
  if (cls === 'Sequential') {
    const list = Array.isArray(config) ? config : isObject(config) ? config.layers : undefined;
    if (!Array.isArray(list)) return fail('model', 'malformed-keras-config', 'the Sequential config has no "layers" list');
    const layers = list.map((l, i) => layerEntry(l, i, false));
    // Keras 3 lists the InputLayer first; tfjs's Sequential takes the shape on the first real layer.
    let inputShape: unknown;
    const body = layers.filter((l) => {
      if (l.class_name !== 'InputLayer') return true;
      inputShape = (l.config as Json).batch_input_shape;
      return false;
    });
    const first = body[0]?.config as Json | undefined;
    if (!first) return fail('model', 'malformed-keras-config', 'the Sequential model has no layers');
    if (first.batch_input_shape === undefined && inputShape !== undefined) first.batch_input_shape = inputShape;
    if (first.batch_input_shape === undefined && Array.isArray(isObject(config) ? config.build_input_shape : undefined)) first.batch_input_shape = (config as Json).build_input_shape;
    if (first.batch_input_shape === undefined) {
      fail('model', 'dynamic-shape', 'the Sequential model declares no input shape (no InputLayer, batch_input_shape or build_input_shape); only fixed shapes are supported');
    }
    return { class_name: 'Sequential', config: { name: isObject(config) && typeof config.name === 'string' ? config.name : 'sequential', layers: body } };
  }
  if (cls === 'Functional' || cls === 'Model') {
    if (!isObject(config) || !Array.isArray(config.layers)) return fail('model', 'malformed-keras-config', `the ${cls} config has no "layers" list`);
    return {
      class_name: 'Model',
      config: {
        name: typeof config.name === 'string' ? config.name : 'model',
        layers: config.layers.map((l, i) => layerEntry(l, i, true)),
        input_layers: tensorList(config.input_layers),
        output_layers: tensorList(config.output_layers),
      },
    };
  }
  return fail('model', 'unsupported-model-class', `the Keras model is a ${cls}; only Sequential and Functional models are supported (subclassed models have no config to rebuild them from)`);
}

/**
/** Conv2D layers with groups > 1 in a topology from tfjsTopology, by layer name. */
export function groupedConvs(topology: Json): Map<string, number> {
  const layers = (topology.config as Json).layers as Json[];
  const out = new Map<string, number>();
  for (const l of layers) {
    const config = l.config as Json;
    if (typeof config.groups === 'number' && config.groups > 1) out.set(String(l.name ?? config.name), config.groups);
  }
  return out;
}

/**
 * Names of the weight-carrying groups Keras 3 writes in `model.weights.h5`, one per layer in config
 * order: `layers/<class in snake case>[_<n>]`, counted per class (Keras avoids layer names there
 * because they are not reproducible). InputLayers carry no weights.
 */
export function kerasV3WeightPaths(topology: Json): Map<string, string> {
  const config = topology.config as Json;
  const layers = config.layers as Json[];
  const used = new Map<string, number>();
  const paths = new Map<string, string>();
  layers.forEach((l, i) => {
    if (l.class_name === 'InputLayer') return;
    const base = kerasSnakeCase(String(l.class_name));
    const n = used.get(base);
    used.set(base, n === undefined ? 0 : n + 1);
    const name = typeof l.name === 'string' ? l.name : String((l.config as Json).name ?? `layer ${i}`);
    paths.set(name, `layers/${n === undefined ? base : `${base}_${n + 1}`}`);
  });
  return paths;
}
