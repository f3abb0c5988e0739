// The error a task ends with when the run was cancelled (Ctrl-C / AbortSignal).

import { FerryError } from '../errors.js';

export class InterruptedError extends FerryError {
  constructor(where?: string, cause?: unknown) {
    super(`interrupted${where ? `: ${where}` : ''}`, { where, cause, code: 'INTERRUPTED' });
    this.name = 'InterruptedError';
  }
}
