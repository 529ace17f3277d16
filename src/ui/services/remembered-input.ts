/** The private input, stored only when the user ticks "remember my data on this device". */
import { delKey, getJson, setJson } from '../../client/store.js';

const key = (modelHash: string) => `input:${modelHash}`;

export const loadRememberedInput = (modelHash: string) => getJson<string[]>(key(modelHash));
export const saveRememberedInput = (modelHash: string, values: readonly string[]) => setJson(key(modelHash), [...values]);
export const forgetInput = (modelHash: string) => delKey(key(modelHash));
