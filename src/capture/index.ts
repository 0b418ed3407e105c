// Capture ingestion: inputs → framed SIP messages with their provenance, and diagnostics.
export { openInput } from './open-input.js';
export { expandInputs } from './expand-inputs.js';
export { mergeSources } from './merge-sources.js';
export * from './types.js';
