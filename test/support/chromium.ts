import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Flags every candidate gets: this machine has no network, so background fetches are turned off. */
const OFFLINE_FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/**
 * Flags of @sparticuz/chromium's AWS Lambda defaults that tests must not inherit:
 * - `--single-process` (and `--no-zygote` with it) runs every page in the browser process, so one
 *   renderer fault, or a second browser context, closes the whole browser ("Target page, context or
 *   browser has been closed"): seen on CI, failing every browser test after the first;
 * - `--disable-web-security`, `--allow-running-insecure-content` and the site-isolation switches turn
 *   off same-origin checks, which the ops server's Origin and cookie tests rely on.
 * `--headless='shell'` is dropped too: playwright passes its own headless flag.
 */
const DROPPED_PREFIXES = [
  '--single-process',
  '--no-zygote',
  '--disable-web-security',
  '--allow-running-insecure-content',
  '--disable-site-isolation-trials',
  '--disable-features=',
  '--headless',
];

/** True for a package flag the tests keep (see {@link DROPPED_PREFIXES}). */
export function isKept(flag: string): boolean {
  return !DROPPED_PREFIXES.some((prefix) => flag.startsWith(prefix));
}

/** Thrown when no candidate browser starts; its message is the one line the test run shows. */
export class NoBrowserError extends Error {
  readonly code = 'NO_BROWSER';
}

/** A browser to try: `resolve` gives its binary and extra flags, or undefined when it is absent. */
export interface Candidate {
  readonly name: string;
  readonly resolve: () => Promise<{ executablePath: string; args: readonly string[] } | undefined>;
}

/**
 * The browsers tried, in order (issue 7: the browser comes with `npm ci`): `CHROME_PATH` when set,
 * Debian's `/usr/bin/chromium` when present, then the Chromium that `@sparticuz/chromium` (a
 * devDependency) ships inside its npm package and unpacks to /tmp on first use (~1.6 s).
 */
const CANDIDATES: readonly Candidate[] = [
  {
    name: 'CHROME_PATH',
    resolve: async () => {
      const path = process.env.CHROME_PATH;
      return path ? { executablePath: path, args: [] } : undefined;
    },
  },
  {
    name: '/usr/bin/chromium',
    resolve: async () =>
      existsSync('/usr/bin/chromium') ? { executablePath: '/usr/bin/chromium', args: [] } : undefined,
  },
  {
    name: '@sparticuz/chromium',
    resolve: async () => {
      const { default: packaged } = await import('@sparticuz/chromium');
      return { executablePath: await packaged.executablePath(), args: packaged.args.filter(isKept) };
    },
  },
];

/**
 * A headless Chromium for browser tests through playwright-core, never a downloaded browser.
 *
 * @returns the first candidate in {@link CANDIDATES} that launches.
 * @throws {NoBrowserError} one line naming what was tried and what to do, when none launches.
 */
export function launchChromium(): Promise<Browser> {
  return launchFirst(CANDIDATES);
}

/**
 * Launches the first of `candidates` that starts.
 *
 * @throws {NoBrowserError} when none does: one line with each candidate's reason and what to do.
 */
export async function launchFirst(candidates: readonly Candidate[]): Promise<Browser> {
  const failures: string[] = [];
  for (const candidate of candidates) {
    try {
      const found = await candidate.resolve();
      if (!found) continue;
      // The package's own args first; ours last so --no-sandbox and the offline flags always hold.
      const args = [...new Set([...found.args, ...OFFLINE_FLAGS])];
      return await chromium.launch({ executablePath: found.executablePath, args, headless: true });
    } catch (error) {
      const reason = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
      failures.push(`${candidate.name}: ${reason}`);
    }
  }
  throw new NoBrowserError(
    `No browser could start for the browser tests (${failures.join('; ') || 'none found'}). ` +
      'Run `npm ci` to install @sparticuz/chromium, or set CHROME_PATH to a Chromium or Chrome binary.',
  );
}
