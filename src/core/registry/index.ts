/** The iris-code registry (issue 14): see registry.ts for the API and docs/IRIS.md for decisions. */
export { type RefusalReason, type Registry, type RegistryEntry, type RegistryRequest, type RegistryUpgrade, type RegistryVerdict, type UncheckedEntry, REGISTRY_FORMAT, emptyRegistry, entryCode, parseRegistry, registryAdd, uncheckedSentence } from './registry.js';
