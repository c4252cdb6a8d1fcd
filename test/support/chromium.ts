import { type Browser, chromium } from 'playwright-core';

/**
 * Debian's chromium (installed by `.ci/run` with apt; never a downloaded browser), headless, with
 * the background networking this offline machine would refuse turned off.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}
