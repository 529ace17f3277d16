/**
 * The iris worker: pre-processing of eye pictures off the page's thread (workers/iris-api.ts).
 * Started on first use by the Biometric page; cancelled by terminating it.
 */
import { expose } from 'comlink';
import { irisApi } from './iris-api.js';

expose(irisApi);
