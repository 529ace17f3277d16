/**
 * A model with an image input (the MNIST demo, 28×28×1, a 2^17 circuit): a drawing gives a
 * prediction and a chosen sample replaces it, a sample digit is proved (the nested input shape
 * reaches core intact), the bundle verifies, and the page runs no long task during a proof fifty
 * times longer than the diagnosis model's. Drawing in detail is e2e/digit.spec.ts.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from './fixtures.js';

test('a sample digit is proved and verified', async ({ page, prove, verify }) => {
  test.setTimeout(180_000);
  await page.goto('/prove?model=mnist-lean');
  await expect(page.getByTestId('package-status')).toContainText('mnist-lean ready', { timeout: 120_000 });

  // A stroke on the drawing pad gives a prediction; picking a sample then replaces the drawing.
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  const box = (await page.getByTestId('digit-pad').boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.8, { steps: 12 });
  await page.mouse.up();
  await expect(page.getByTestId('prediction')).toContainText('Local prediction');
  await expect(page.getByRole('button', { name: 'Undo' })).toBeEnabled();

  const sample = page.getByLabel('Sample input');
  await sample.selectOption({ index: 3 });
  await expect(page.getByTestId('digit-status')).toContainText('Showing the chosen input');
  await expect(page.getByRole('button', { name: 'Undo' })).toBeDisabled();
  const expected = /\(([0-9])\)$/.exec((await sample.locator('option:checked').textContent()) ?? '')![1]!;

  // The timer-gap check is e2e/responsive.spec.ts; here, over a ten-second proof on a possibly busy
  // machine, assert that the page itself never ran a task over 200 ms and report the timer gap.
  await page.evaluate(() => {
    const w = window as unknown as { __maxGap: number; __longest: number };
    w.__maxGap = 0;
    w.__longest = 0;
    let last = performance.now();
    setInterval(() => {
      const now = performance.now();
      w.__maxGap = Math.max(w.__maxGap, now - last);
      last = now;
    }, 10);
    new PerformanceObserver((list) => list.getEntries().forEach((e) => (w.__longest = Math.max(w.__longest, e.duration)))).observe({ type: 'longtask' });
  });
  await prove.proveButton().click();
  await expect(page.getByTestId('proved-label')).toHaveText(expected, { timeout: 120_000 });
  const { maxGap, longest } = await page.evaluate(() => {
    const w = window as unknown as { __maxGap: number; __longest: number };
    return { maxGap: w.__maxGap, longest: w.__longest };
  });
  console.log(`mnist-lean proof: max timer gap ${maxGap.toFixed(1)} ms, longest main-thread task ${longest.toFixed(0)} ms`);
  expect(longest).toBeLessThan(200);

  const bundle = await prove.bundleText();
  await verify.open();
  await verify.verifyText(bundle);
  await expect(verify.verdict()).toContainText('Valid proof');
});

/**
 * A package that declares its input an iris strip (built here: a 8×32 greyscale strip, a linear
 * model that tells a strip bright on its left from one bright on its right, published with
 * `zkinfer publish --input-kind iris-strip`). Its picture is used as is: no drawing pad, no MNIST
 * wording, and a mostly light picture is not inverted (the digit preprocessing would invert it and
 * centre its ink, and the model would see the opposite side lit).
 */
test.describe('a package whose input is an iris strip', () => {
  const H = 8;
  const W = 32;
  let pkgFiles: { name: string; mimeType: string; buffer: Buffer }[];

  test.beforeAll(async () => {
    test.setTimeout(180_000);
    const work = mkdtempSync(path.join(tmpdir(), 'zkinfer-iris-'));
    const tf = await import('@tensorflow/tfjs');
    const x = tf.input({ shape: [H, W, 1] });
    const y = tf.layers.dense({ units: 2, activation: 'softmax', useBias: false }).apply(tf.layers.flatten().apply(x)) as import('@tensorflow/tfjs').SymbolicTensor;
    const model = tf.model({ inputs: x, outputs: y });
    // Unit 0 ("left lit") weighs the left half up and the right half down; unit 1 the opposite.
    const w = new Float32Array(H * W * 2);
    for (let r = 0; r < H; r++) for (let c = 0; c < W; c++) {
      const i = r * W + c;
      w[2 * i] = c < W / 2 ? 0.05 : -0.05;
      w[2 * i + 1] = -w[2 * i]!;
    }
    model.layers[2]!.setWeights([tf.tensor2d(w, [H * W, 2])]);
    await model.save(
      tf.io.withSaveHandler(async (a) => {
        writeFileSync(path.join(work, 'model.json'), JSON.stringify({ format: 'layers-model', modelTopology: a.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: a.weightSpecs }] }));
        writeFileSync(path.join(work, 'weights.bin'), new Uint8Array(a.weightData as ArrayBuffer));
        return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
      }),
    );
    const out = path.join(work, 'pkg');
    execFileSync(process.execPath, ['bin/zkinfer.mjs', 'publish', path.join(work, 'model.json'), '--out', out, '--name', 'iris-toy', '--input-range', '0:1', '--input-bits', '8', '--input-kind', 'iris-strip', '--labels', 'left lit,right lit', '--no-solidity'], { stdio: 'pipe' });
    const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
    expect(manifest.input.kind).toBe('iris-strip');
    pkgFiles = readdirSync(out).map((name) => ({ name, mimeType: 'application/octet-stream', buffer: readFileSync(path.join(out, name)) }));
  });

  test('its picture is used as is, proved and verified', async ({ page, prove, verify }) => {
    test.setTimeout(180_000);
    await page.goto('/prove');
    await page.getByLabel('Package files').setInputFiles(pkgFiles);
    await expect(page.getByTestId('package-status')).toContainText('iris-toy ready', { timeout: 60_000 });
    await expect(page.getByTestId('digit-pad')).toHaveCount(0);
    await expect(page.getByTestId('image-input')).toContainText('normalised (unwrapped) greyscale iris strip, 8×32');

    // A strip lit on its left three quarters: mostly light, so MNIST preprocessing would invert it.
    const png = await page.evaluate(async ({ h, w }) => {
      const c = document.createElement('canvas');
      c.width = w * 2;
      c.height = h * 2;
      const ctx = c.getContext('2d')!;
      ctx.fillStyle = '#000';
      ctx.fillRect(0, 0, c.width, c.height);
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, (c.width * 3) / 4, c.height);
      const blob = await new Promise<Blob>((r) => c.toBlob((b) => r(b!), 'image/png'));
      return Array.from(new Uint8Array(await blob.arrayBuffer()));
    }, { h: H, w: W });
    await page.getByLabel('Iris strip image').setInputFiles({ name: 'strip.png', mimeType: 'image/png', buffer: Buffer.from(png) });
    await expect(page.getByTestId('image-status')).toContainText('"strip.png" (64×16) is used as is: its greyscale resized to 32×8.');
    // The preview is the strip itself: the left columns white, the right quarter black.
    const preview = await page.getByTestId('image-preview').evaluate((c: HTMLCanvasElement) => {
      const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
      return { first: d[0], last: d[4 * (c.width - 1)] };
    });
    expect(preview).toEqual({ first: 255, last: 0 });
    await expect(page.getByTestId('prediction').locator('strong')).toHaveText('left lit');
    await expect(page.getByRole('region', { name: '2. Your private data' })).not.toContainText(/MNIST|digit|invert|centred|crop/i);
    const { violations } = await new AxeBuilder({ page }).analyze();
    expect(violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.help}`)).toEqual([]);

    await prove.proveButton().click();
    await expect(page.getByTestId('proved-label')).toHaveText('left lit', { timeout: 120_000 });
    const bundle = await prove.bundleText();
    await verify.open();
    await verify.verifyText(bundle);
    await expect(verify.verdict()).toContainText('Valid proof');

    // The Models page says what the package declares, and what an older package's is guessed to be.
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Models' }).click();
    await expect(page.locator('main')).toContainText('shape [8, 32, 1], 8-bit grid, input kind iris-strip');
    await expect(page.locator('main')).toContainText('shape [30], 12-bit grid, input kind tabular');
  });
});
