import { heapStats } from 'bun:jsc';

/** This process's memory once garbage is collected: heap in use, resident set, live objects. */
export interface HeapFigures {
  heapBytes: number;
  rssBytes: number;
  objects: number;
}

/**
 * Collects garbage fully (twice, a turn apart: finalizers and weak maps release more on the second
 * pass) and reads the process's memory.
 */
export async function settledHeap(): Promise<HeapFigures> {
  Bun.gc(true);
  await Bun.sleep(50);
  Bun.gc(true);
  const usage = process.memoryUsage();
  return { heapBytes: usage.heapUsed, rssBytes: usage.rss, objects: heapStats().objectCount };
}

/** `after − before` per item, for `count` items. */
export function perItem(before: HeapFigures, after: HeapFigures, count: number): HeapFigures {
  return {
    heapBytes: (after.heapBytes - before.heapBytes) / count,
    rssBytes: (after.rssBytes - before.rssBytes) / count,
    objects: (after.objects - before.objects) / count,
  };
}
