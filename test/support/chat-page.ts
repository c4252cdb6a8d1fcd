import { afterAll, beforeAll } from 'bun:test';
import type { Browser, Page } from 'playwright-core';
import { type Playground, startPlayground } from '../../src/playground/index.ts';
import { mountWebChat, type WebChatMount } from '../../src/playground/web/index.ts';
import { launchChromium } from './chromium.ts';

/** The banner the offline demo model puts on the page, as `npm start` shows it without a key. */
export const DEMO_BANNER = 'Offline demo model — not an AI. Set OPENROUTER_API_KEY to talk to a real model.';

/** Bound for every wait on the page; a test never asserts on how long anything took. */
export const WAIT = { timeout: 10_000 };

/** How the page opens: the banner it shows and the window size. */
export interface ChatPageOptions {
  banner?: string;
  viewport?: { width: number; height: number };
}

/** A playground with its chat page open in Chromium (test/support/chromium.ts). */
export interface ChatPage {
  pg: Playground;
  chat: WebChatMount;
  browser: Browser;
  page: Page;
  /** Errors the page threw; a test ends by expecting none. */
  pageErrors: string[];
  /** Closes the browser, the page's streams and the playground. */
  close(): Promise<void>;
}

/**
 * Starts a demo playground with the web chat mounted, opens its page in a fresh Chromium at
 * `viewport` (default 1366×800) and waits until it has drawn itself (`body.ready`).
 */
export async function openChatPage(options: ChatPageOptions = {}): Promise<ChatPage> {
  const chat = mountWebChat({ banner: () => options.banner ?? null });
  const pg = await startPlayground({ port: 0, extraFetch: chat.fetch });
  chat.attach(pg);
  const close = async () => {
    await browser?.close();
    chat.close();
    await pg.stop();
  };
  let browser: Browser | undefined;
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1366, height: 800 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await page.goto(`${pg.url}/`);
    await page.waitForSelector('body.ready', WAIT);
    return { pg, chat, browser, page, pageErrors, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/**
 * Opens the chat page before the calling file's tests and closes it after them. `ready` receives
 * the open page (the file keeps what it needs) and may prepare it; start-up gets 60 s in all.
 */
export function useChatPage(
  options: ChatPageOptions,
  ready: (opened: ChatPage) => void | Promise<void>,
): void {
  let opened: ChatPage | undefined;
  beforeAll(async () => {
    opened = await openChatPage(options);
    await ready(opened);
  }, 60_000);
  afterAll(() => opened?.close());
}
