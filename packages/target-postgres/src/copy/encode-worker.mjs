// Entry of a COPY encoder thread (encoder-pool.ts). Ferry's packages ship TypeScript sources, so
// the thread registers tsx, as the `ferry` bin does, before loading the worker's code.
import { register } from 'tsx/esm/api';

register();
await import('./encode-worker.ts');
