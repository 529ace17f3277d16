/**
 * The digit demo (issue 4): uploads that are not pictures are explained, a PNG of another size is
 * preprocessed, a "1" and a "7" drawn with mouse moves reach the 28×28 preview MNIST-style (ink
 * scaled to 20 px, centred by mass) while the float probabilities follow the stroke; the drawing
 * is proved once and the downloaded bundle verifies.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures.js';

const MNIST = 'mnist-lean';

/** One mouse stroke through points given as fractions of the pad; `during` runs before the last segment. */
async function stroke(page: Page, points: [number, number][], during?: () => Promise<void>): Promise<void> {
  await page.getByTestId('digit-pad').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('digit-pad').boundingBox())!;
  const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
  await page.mouse.move(...at(points[0]!));
  await page.mouse.down();
  for (let i = 1; i < points.length; i++) {
    if (i === points.length - 1 && during) await during();
    await page.mouse.move(...at(points[i]!), { steps: 10 });
  }
  await page.mouse.up();
}

/** The preview canvas's ink: how many pixels are lit, and the height and width of their bounding box. */
function previewInk(page: Page) {
  return page.getByTestId('digit-preview').evaluate((c: HTMLCanvasElement) => {
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let lit = 0;
    let [x0, y0, x1, y1] = [c.width, c.height, -1, -1];
    for (let i = 0; i < c.width * c.height; i++) {
      if (d[4 * i]! === 0) continue;
      lit++;
      const x = i % c.width;
      const y = Math.floor(i / c.width);
      [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
    }
    return { lit, height: y1 - y0 + 1, width: x1 - x0 + 1 };
  });
}

/** The probability bars once the prediction for the current drawing has arrived from the worker. */
const bars = async (page: Page) => {
  await expect(page.getByTestId('prediction')).toHaveAttribute('data-pending', 'false');
  return page.getByTestId('probabilities').innerText();
};

test('a drawn digit is preprocessed, predicted while drawing, proved and verified; bad uploads are explained', async ({ page, prove, verify }) => {
  test.setTimeout(180_000);
  await page.goto('/prove');
  await page.getByLabel('Bundled demo').selectOption(MNIST);
  await expect(page.getByTestId('package-status')).toContainText(`${MNIST} ready`, { timeout: 120_000 });
  await expect(page.getByTestId('probabilities')).toHaveCount(0);

  // Uploads: a text file named .png, a text file, then a real PNG of another size (made in the page).
  const upload = page.getByLabel('Or upload a picture');
  const alert = page.getByRole('alert');
  await upload.setInputFiles({ name: 'digit.png', mimeType: 'image/png', buffer: Buffer.from('this is a text file, not a picture\n') });
  await expect(alert).toContainText('"digit.png" could not be decoded as an image');
  await expect(alert).toContainText('Choose a PNG or JPEG picture of a digit');
  await upload.setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('7') });
  await expect(alert).toContainText('"notes.txt" is not a PNG or JPEG image (it is of type text/plain)');
  const png = await page.evaluate(async () => {
    const c = new OffscreenCanvas(90, 60);
    const ctx = c.getContext('2d')!;
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 90, 60);
    ctx.strokeStyle = '#111';
    ctx.lineWidth = 5;
    ctx.beginPath();
    ctx.moveTo(30, 12);
    ctx.lineTo(60, 12);
    ctx.lineTo(42, 50);
    ctx.stroke();
    return Array.from(new Uint8Array(await (await c.convertToBlob({ type: 'image/png' })).arrayBuffer()));
  });
  await upload.setInputFiles({ name: 'seven.png', mimeType: 'image/png', buffer: Buffer.from(png) });
  await expect(page.getByTestId('digit-status')).toContainText('"seven.png" (90×60, dark ink on light, inverted) was cropped to its ink');
  await expect(alert).toHaveCount(0);
  const uploaded = await previewInk(page);
  expect(uploaded.lit).toBeGreaterThan(30);
  expect(Math.max(uploaded.height, uploaded.width)).toBeLessThanOrEqual(21);
  await expect(page.getByTestId('probabilities')).toBeVisible();

  // A "1": one vertical stroke, off-centre and short; the preview shows it 20 px tall and centred.
  await page.getByRole('button', { name: 'Clear', exact: true }).click();
  await expect.poll(async () => (await previewInk(page)).lit).toBe(0);
  await stroke(page, [
    [0.62, 0.25],
    [0.6, 0.7],
  ]);
  await expect(page.getByTestId('digit-status')).toContainText('Your drawing, cropped to its ink');
  const one = await previewInk(page);
  expect(one.height).toBe(20);
  expect(one.width).toBeLessThan(10);
  const onesBars = await bars(page);
  console.log(`"1" drawn: float prediction ${await page.getByTestId('prediction').locator('strong').textContent()}`);

  // Undo takes the stroke away; a "7" in two strokes; the bars change in the middle of a stroke.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(async () => (await previewInk(page)).lit).toBe(0);
  await stroke(page, [
    [0.3, 0.25],
    [0.72, 0.25],
  ]);
  const topBar = await bars(page);
  await stroke(
    page,
    [
      [0.72, 0.25],
      [0.58, 0.5],
      [0.45, 0.8],
    ],
    // Mid-stroke (mouse still down): the bars already show the half-drawn 7.
    () => expect.poll(() => bars(page)).not.toBe(topBar),
  );
  expect(await bars(page)).not.toBe(onesBars);
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => bars(page)).toBe(topBar);
  await stroke(page, [
    [0.72, 0.25],
    [0.58, 0.5],
    [0.45, 0.8],
  ]);
  const seven = await previewInk(page);
  expect(seven.height).toBe(20);
  const predicted = (await page.getByTestId('prediction').locator('strong').textContent()) ?? '';
  console.log(`"7" drawn: float prediction ${predicted}; bars: ${(await bars(page)).replace(/\s+/g, ' ')}`);

  // Prove the drawing once, download the bundle, verify the file.
  await prove.proveButton().click();
  await expect(page.getByTestId('proved-label')).toHaveText(/^[0-9]$/, { timeout: 120_000 });
  const label = (await page.getByTestId('proved-label').textContent())!;
  if (label !== predicted) console.log(`note: the circuit proved ${label}, the float model predicted ${predicted}`);
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Download bundle' }).click();
  const file = await (await downloading).path();
  expect(JSON.parse(await readFile(file, 'utf8')).publicSignals[0]).toBe(label);
  await verify.open();
  await page.getByLabel('Bundle file').setInputFiles(file);
  await expect(verify.verdict()).toContainText('Valid proof');
  await expect(verify.verdict()).toContainText(MNIST);
  await expect(verify.verdict()).toContainText(`computed ${label}`);
});

/** Pointer events seen by the pad, recorded in the page. */
async function recordPointers(page: Page): Promise<void> {
  await page.evaluate(() => {
    const w = window as unknown as { pointers: string[] };
    w.pointers = [];
    for (const t of ['pointerdown', 'pointermove', 'pointerup']) {
      document.querySelector('[data-testid=digit-pad]')!.addEventListener(t, (e) => w.pointers.push(`${t} ${(e as PointerEvent).pointerType}`));
    }
  });
}
const pointersSeen = (page: Page) => page.evaluate(() => (window as unknown as { pointers: string[] }).pointers);

/** A vertical line of points down the middle of the pad, in page coordinates. */
async function verticalLine(page: Page) {
  // Raw input events land where they are aimed in the viewport: bring the pad into it first.
  await page.getByTestId('digit-pad').scrollIntoViewIfNeeded();
  const box = (await page.getByTestId('digit-pad').boundingBox())!;
  return { x: box.x + box.width / 2, ys: Array.from({ length: 12 }, (_, i) => box.y + box.height * (0.25 + (0.5 * i) / 11)) };
}

test.describe('touch', () => {
  test.use({ hasTouch: true });

  test('a finger draws on the pad', async ({ page }) => {
    await page.goto(`/prove?model=${MNIST}`);
    await expect(page.getByTestId('package-status')).toContainText(`${MNIST} ready`, { timeout: 120_000 });
    await recordPointers(page);
    const { x, ys } = await verticalLine(page);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x, y: ys[0]! }] });
    for (const y of ys.slice(1)) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [{ x, y }] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
    await expect(page.getByTestId('digit-status')).toContainText('Your drawing, cropped to its ink');
    expect(await pointersSeen(page)).toContain('pointerdown touch');
    const ink = await previewInk(page);
    expect(ink.height).toBe(20);
    console.log(`touch stroke: ${ink.lit} px lit`);
  });
});

test('a pen draws on the pad, wider as it presses harder', async ({ page }) => {
  await page.goto(`/prove?model=${MNIST}`);
  await expect(page.getByTestId('package-status')).toContainText(`${MNIST} ready`, { timeout: 120_000 });
  await recordPointers(page);
  const cdp = await page.context().newCDPSession(page);
  const pen = { pointerType: 'pen' as const, button: 'left' as const, clickCount: 1 };
  const drawPen = async (force: number) => {
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await expect.poll(async () => (await previewInk(page)).lit).toBe(0);
    const { x, ys } = await verticalLine(page);
    // A pen hovers before it touches.
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y: ys[0]! - 10, pointerType: 'pen' });
    await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x, y: ys[0]!, force, ...pen });
    for (const y of ys.slice(1)) await cdp.send('Input.dispatchMouseEvent', { type: 'mouseMoved', x, y, force, ...pen, buttons: 1 });
    await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x, y: ys.at(-1)!, force: 0, ...pen });
    await expect(page.getByTestId('digit-status')).toContainText('Your drawing, cropped to its ink');
    return previewInk(page);
  };
  const light = await drawPen(0.1);
  expect(await pointersSeen(page)).toContain('pointerdown pen');
  const hard = await drawPen(1);
  expect(light.height).toBe(20);
  expect(hard.height).toBe(20);
  // Scaled to the same 20 px height, the harder stroke is still the wider one.
  expect(hard.lit).toBeGreaterThan(light.lit);
  console.log(`pen strokes: light ${light.lit} px lit, hard ${hard.lit} px lit`);
});

test('the model details show constraints per layer as a chart and a table', async ({ page }) => {
  await page.goto('/models');
  await page.getByRole('link', { name: `Per-layer circuit cost of ${MNIST}`, exact: true }).click();
  await expect(page).toHaveURL(/\/models\?model=mnist-lean$/);
  const costs = page.getByTestId('layer-costs');
  await expect(costs).toBeVisible({ timeout: 60_000 });
  const manifest = JSON.parse(await readFile(`public/packages/${MNIST}/manifest.json`, 'utf8')) as { circuit: { constraints: number } };
  await expect(page.getByTestId('layer-chart')).toHaveAttribute('aria-label', new RegExp(`^Constraints per layer: ${manifest.circuit.constraints.toLocaleString('en')} in all`));
  const rows = costs.locator('table.layers tbody tr');
  expect(await rows.count()).toBeGreaterThan(2);
  await expect(rows.first()).toContainText('input');
  await expect(costs).toContainText('Bit widths');
  const card = page.getByRole('article', { name: MNIST });
  await expect(card.getByText('Proving key', { exact: true })).toBeVisible();
  await expect(card.getByText(/same decision on [0-9,]+ samples/)).toBeVisible();
  await expect(costs.getByText('Rewrites made to save constraints')).toBeVisible();
});
