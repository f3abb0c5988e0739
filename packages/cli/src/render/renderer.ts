// A renderer shows the events of a run as they come; `finish` waits until the display is complete.

import type { RunEventSink } from '@ferry/core';
import type { Output } from '../output.js';
import { createJsonRenderer } from './json-renderer.js';
import { createListrRenderer } from './listr-renderer.js';
import { createPlainRenderer } from './plain-renderer.js';

export interface Renderer {
  onEvent: RunEventSink;
  finish(): Promise<void>;
}

/**
 * The renderer the output mode calls for: JSON stream, listr2 task list on a TTY (for `run`), or
 * plain lines.
 */
export function createRenderer(out: Output, options: { taskList?: boolean } = {}): Renderer {
  if (out.json) return createJsonRenderer(out);
  if (out.interactive && options.taskList) return createListrRenderer((line) => out.line(line));
  return createPlainRenderer(out);
}
