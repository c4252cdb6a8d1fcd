import ELK from 'elkjs/lib/elk.bundled.js';

/**
 * One ELK instance for the process, on elkjs's in-thread worker. Creating it loads that worker,
 * which sets `self.onmessage` as if it ran in a Web Worker; under Bun a global `onmessage` keeps
 * the process alive forever, so the previous value is put back at once (the in-thread worker
 * never reads it: ELK calls it directly).
 */
function createElk(): InstanceType<typeof ELK> {
  const scope = globalThis as { onmessage?: unknown };
  const before = scope.onmessage;
  const instance = new ELK();
  scope.onmessage = before ?? null;
  return instance;
}

/** The shared ELK instance (see {@link createElk}). */
export const elk = createElk();
// elkjs is a 1.5 MB transpiled bundle: loading it costs about 80 ms of CPU and several MB of heap, so
// this module is only imported (dynamically, by ./layout.ts) when a page first asks for a chart.
