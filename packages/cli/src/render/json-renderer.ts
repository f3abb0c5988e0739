// --json: every run event as one line of JSON on stdout.

import type { Output } from '../output.js';
import type { Renderer } from './renderer.js';

export function createJsonRenderer(out: Output): Renderer {
  return {
    onEvent: (event) => out.event(event),
    finish: async () => {},
  };
}
