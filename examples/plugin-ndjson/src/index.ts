// ferry-plugin-ndjson: a Ferry target that writes tables as NDJSON files, and the source that reads them back.
import { ndjsonSource } from './ndjson-source.js';
import { ndjsonTarget } from './ndjson-target.js';

export { ndjsonTarget, createNdjsonTarget } from './ndjson-target.js';
export { ndjsonSource, createNdjsonSource } from './ndjson-source.js';
export { ndjsonConfigSchema, type NdjsonOptions, type NdjsonConfig } from './ndjson-config.js';
export { toJsonValue, fromJsonValue, type JsonValue } from './json-value.js';
// What a config naming the plugin by string (`plugin: 'ndjson'`) resolves to, per endpoint kind.
export { ndjsonSource as source, ndjsonTarget as target };
export default ndjsonTarget;
