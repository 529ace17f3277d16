/**
 * Writes the iris-code demo models (issue 14, docs/IRIS.md) into public/models/<name>/ for
 * prepare-demos: the tfjs model built in code from its Gabor bank (model.json + weights.bin, the
 * bank and matching rule in its metadata), its input spec (iris-strip, IRIS_STRIP_BITS = 4 bits over [0, 1]) and
 * publish.json (signature binding with the capture signal). Deterministic: re-running it rewrites
 * the same bytes.
 *
 *   npx tsx scripts/iris-models.ts
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { IRIS_MODELS, buildIrisModel, irisInputSpec } from '../src/core/iris-code/model.js';
import { saveLayersModel } from './lib/tfjs-node-io.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

for (const version of IRIS_MODELS) {
  const dir = path.join(root, 'public/models', version.name);
  const { name, bank, ...rule } = version;
  const model = buildIrisModel(bank, name, rule);
  await saveLayersModel(model, dir);
  model.dispose();
  // One line: 8,192 identical features, IRIS_STRIP_BITS bits.
  await writeFile(path.join(dir, 'input-spec.json'), JSON.stringify(irisInputSpec(bank)) + '\n');
  const publish = {
    inputBinding: { kind: 'signature', metadata: 0, capture: true },
    why: 'Iris codes prove a capture signed by a capture device (signature binding); the capture signal lets a registry link a code re-derived by a later model to the enrolment made from the same signed capture (docs/IRIS.md).',
  };
  await writeFile(path.join(dir, 'publish.json'), JSON.stringify(publish, null, 2) + '\n');
  process.stdout.write(`${name}: written to ${path.relative(root, dir)}/\n`);
}
