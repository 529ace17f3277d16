/**
 * tfjs Graph models written by hand, as the tfjs converter lays them out: a GraphDef `node` list
 * whose Const values live in the weight data (int64 attributes as strings, strings base64). tfjs's
 * own GraphModel runs the same artifacts as the float reference.
 */
import * as tf from '@tensorflow/tfjs';
import { fromBase64, toBase64 } from '../base64.js';
import { encodeGraphDef, TF_DTYPE } from '../formats/graphdef.js';
import type { GraphAttr, GraphNodeDef } from '../model/tfjs-graph-import.js';
import type { LayersArtifacts } from './tfjs-artifacts.js';

const b64 = (s: string) => toBase64(new TextEncoder().encode(s));

export const gattr = {
  i: (v: number): GraphAttr => ({ i: String(v) }),
  f: (v: number): GraphAttr => ({ f: v }),
  s: (v: string): GraphAttr => ({ s: b64(v) }),
  b: (v: boolean): GraphAttr => ({ b: v }),
  ints: (v: readonly number[]): GraphAttr => ({ list: { i: v.map(String) } }),
  strs: (v: readonly string[]): GraphAttr => ({ list: { s: v.map(b64) } }),
  shape: (dims: readonly number[]): GraphAttr => ({ shape: { dim: dims.map((d) => ({ size: String(d) })) } }),
  float: { type: 'DT_FLOAT' } as GraphAttr,
  int32: { type: 'DT_INT32' } as GraphAttr,
};

export class GraphModelBuilder {
  readonly nodes: GraphNodeDef[] = [];
  private readonly specs: tf.io.WeightsManifestEntry[] = [];
  private readonly chunks: Uint8Array[] = [];

  placeholder(name: string, shape: readonly number[]): string {
    this.nodes.push({ name, op: 'Placeholder', attr: { dtype: gattr.float, shape: gattr.shape(shape) } });
    return name;
  }
  constant(name: string, shape: readonly number[], data: readonly number[], dtype: 'float32' | 'int32' = 'float32'): string {
    this.nodes.push({ name, op: 'Const', attr: { dtype: dtype === 'float32' ? gattr.float : gattr.int32, value: {} } });
    this.specs.push({ name, shape: [...shape], dtype });
    this.chunks.push(new Uint8Array((dtype === 'float32' ? Float32Array.from(data) : Int32Array.from(data)).buffer));
    return name;
  }
  node(name: string, op: string, input: readonly string[], attr: Record<string, GraphAttr> = {}): string {
    this.nodes.push({ name, op, input: [...input], attr: { T: gattr.float, ...attr } });
    return name;
  }
  artifacts(): LayersArtifacts {
    const weightData = new Uint8Array(this.chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const c of this.chunks) {
      weightData.set(c, at);
      at += c.length;
    }
    return { modelTopology: { node: this.nodes, library: {}, versions: { producer: 1 } }, weightSpecs: [...this.specs], weightData };
  }
}

/** tfjs's own GraphModel on these artifacts: the float reference. */
export async function tfjsGraphModel(a: LayersArtifacts): Promise<tf.GraphModel> {
  return tf.loadGraphModel(tf.io.fromMemory({ modelTopology: a.modelTopology, weightSpecs: a.weightSpecs, weightData: a.weightData.slice().buffer }));
}

/** An attribute in the JSON form above → the GraphDef protobuf form (the older converter's .pb). */
function pbAttr(a: GraphAttr): Record<string, unknown> {
  const t = (a as { type?: string }).type;
  if (t !== undefined) return { type: t === 'DT_INT32' ? TF_DTYPE.INT32 : TF_DTYPE.FLOAT };
  if (a.s !== undefined) return { s: fromBase64(a.s) };
  if (a.i !== undefined) return { i: Number(a.i) };
  if (a.f !== undefined) return { f: a.f };
  if (a.b !== undefined) return { b: a.b };
  if (a.shape) return { shape: { dim: (a.shape.dim ?? []).map((d) => ({ size: Number(d.size) })) } };
  if (a.list) return { list: { i: (a.list.i ?? []).map(Number), s: (a.list.s ?? []).map((v) => fromBase64(v)) } };
  return {};
}

/**
 * The nodes as the older converter's `tensorflowjs_model.pb`: a binary GraphDef. Const values stay
 * out (they are in the weights manifest), except those given in `inline`, written as TensorFlow
 * writes a small constant (an int32 value list).
 */
export function graphDefBytes(nodes: readonly GraphNodeDef[], inline: Record<string, { dims: number[]; ints: number[] }> = {}): Uint8Array {
  return encodeGraphDef({
    node: nodes.map((n) => {
      const attr: Record<string, unknown> = Object.fromEntries(Object.entries(n.attr ?? {}).map(([k, v]) => [k, pbAttr(v)]));
      const value = inline[n.name];
      if (n.op === 'Const') attr.value = { tensor: value ? { dtype: TF_DTYPE.INT32, tensorShape: { dim: value.dims.map((size) => ({ size })) }, intVal: value.ints } : { dtype: TF_DTYPE.FLOAT } };
      return { name: n.name, op: n.op, input: [...(n.input ?? [])], attr };
    }),
  });
}
