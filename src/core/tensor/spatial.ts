/**
 * Window geometry of 2-D convolution and pooling (channels-last, as tfjs stores tensors), shared
 * by every stage so that float inference, intervals, the integer reference and the circuit read
 * exactly the same taps.
 */
export interface Window2D {
  readonly kh: number;
  readonly kw: number;
  readonly sh: number;
  readonly sw: number;
  readonly padTop: number;
  readonly padLeft: number;
}

/** tfjs/TensorFlow padding rules: 'same' pads (total) max((out−1)·s + k − in, 0), the extra at the bottom/right. */
export function windowFor(
  inH: number,
  inW: number,
  k: readonly [number, number],
  s: readonly [number, number],
  padding: 'same' | 'valid',
): Window2D & { outH: number; outW: number } {
  const [kh, kw] = k;
  const [sh, sw] = s;
  if (padding === 'valid') {
    return { kh, kw, sh, sw, padTop: 0, padLeft: 0, outH: Math.ceil((inH - kh + 1) / sh), outW: Math.ceil((inW - kw + 1) / sw) };
  }
  const outH = Math.ceil(inH / sh);
  const outW = Math.ceil(inW / sw);
  const padH = Math.max((outH - 1) * sh + kh - inH, 0);
  const padW = Math.max((outW - 1) * sw + kw - inW, 0);
  return { kh, kw, sh, sw, padTop: Math.floor(padH / 2), padLeft: Math.floor(padW / 2), outH, outW };
}

/**
 * Calls visit(ky, kx, iy, ix) for every kernel position of output (oy, ox) that falls inside the
 * input (padding positions are skipped: zeros for convolutions, ignored by pooling).
 */
export function forEachTap(
  w: Window2D,
  inH: number,
  inW: number,
  oy: number,
  ox: number,
  visit: (ky: number, kx: number, iy: number, ix: number) => void,
): void {
  for (let ky = 0; ky < w.kh; ky++) {
    const iy = oy * w.sh + ky - w.padTop;
    if (iy < 0 || iy >= inH) continue;
    for (let kx = 0; kx < w.kw; kx++) {
      const ix = ox * w.sw + kx - w.padLeft;
      if (ix < 0 || ix >= inW) continue;
      visit(ky, kx, iy, ix);
    }
  }
}

/** A linear map as rows of (input index, weight) taps plus a bias per output: how convolutions are evaluated. */
export interface SparseRows {
  readonly rowStart: Int32Array;
  readonly cols: Int32Array;
  /** Index into the op's weight array for each tap (so each stage applies its own weights). */
  readonly weightIndex: Int32Array;
  /** Index into the op's bias array for each row, -1 when the row has no bias. */
  readonly biasIndex: Int32Array;
}

export interface ConvGeometry {
  readonly inShape: readonly [number, number, number];
  readonly outShape: readonly [number, number, number];
  readonly window: Window2D;
  /** 0 for a full convolution; the depth multiplier for a depthwise one. */
  readonly depthMultiplier: number;
  /**
   * A full convolution's groups (default 1): output channel o reads only the inC/groups input
   * channels of its group, and the kernel is [kh, kw, inC/groups, outC].
   */
  readonly groups?: number;
}

/** Input channels per group of a full convolution (all of them when ungrouped). */
export function channelsPerGroup(g: ConvGeometry): number {
  return g.inShape[2] / (g.groups ?? 1);
}

/** Taps of a (depthwise or grouped) convolution with kernel [kh, kw, inC, outC] (or [kh, kw, inC, mult], [kh, kw, inC/groups, outC]). */
export function convRows(g: ConvGeometry): SparseRows {
  const [inH, inW, inC] = g.inShape;
  const [outH, outW, outC] = g.outShape;
  const rowStart = new Int32Array(outH * outW * outC + 1);
  const cols: number[] = [];
  const widx: number[] = [];
  const biasIndex = new Int32Array(outH * outW * outC);
  let row = 0;
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      for (let oc = 0; oc < outC; oc++) {
        rowStart[row] = cols.length;
        biasIndex[row] = oc;
        forEachTap(g.window, inH, inW, oy, ox, (ky, kx, iy, ix) => {
          const base = (iy * inW + ix) * inC;
          if (g.depthMultiplier > 0) {
            const ic = Math.floor(oc / g.depthMultiplier);
            cols.push(base + ic);
            widx.push(((ky * g.window.kw + kx) * inC + ic) * g.depthMultiplier + (oc % g.depthMultiplier));
          } else {
            const per = channelsPerGroup(g);
            const first = Math.floor(oc / (outC / (g.groups ?? 1))) * per;
            for (let j = 0; j < per; j++) {
              cols.push(base + first + j);
              widx.push(((ky * g.window.kw + kx) * per + j) * outC + oc);
            }
          }
        });
        row++;
      }
    }
  }
  rowStart[row] = cols.length;
  return { rowStart, cols: Int32Array.from(cols), weightIndex: Int32Array.from(widx), biasIndex };
}

/** Per output (oy, ox, c) of a pooling window: the input indices it reads (valid positions only). */
export function poolTaps(inShape: readonly number[], outShape: readonly number[], w: Window2D): number[][] {
  const [inH, inW, c] = inShape as [number, number, number];
  const outH = outShape.length === 3 ? outShape[0]! : 1;
  const outW = outShape.length === 3 ? outShape[1]! : 1;
  const taps: number[][] = [];
  for (let oy = 0; oy < outH; oy++) {
    for (let ox = 0; ox < outW; ox++) {
      for (let ch = 0; ch < c; ch++) {
        const t: number[] = [];
        forEachTap(w, inH, inW, oy, ox, (_ky, _kx, iy, ix) => t.push((iy * inW + ix) * c + ch));
        taps.push(t);
      }
    }
  }
  return taps;
}

/** Index map of zero padding: for each output element, its input index or -1 for a padded zero. */
export function padMap(inShape: readonly number[], outShape: readonly number[], top: number, left: number): Int32Array {
  const [inH, inW, c] = inShape as [number, number, number];
  const [outH, outW] = outShape as [number, number, number];
  const map = new Int32Array(outH * outW * c).fill(-1);
  for (let y = 0; y < inH; y++) for (let x = 0; x < inW; x++) for (let ch = 0; ch < c; ch++) map[((y + top) * outW + (x + left)) * c + ch] = (y * inW + x) * c + ch;
  return map;
}
