// Entry of a task worker thread: Ferry runs from its TypeScript sources (as the `ferry` bin does), so
// the worker registers tsx before it loads the worker's body. Node's DEP0123 is noise here, as in the bin.
import { register } from 'tsx/esm/api';

register();
await import('./task-worker.ts');
