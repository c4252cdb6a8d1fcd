import { afterEach, beforeEach } from 'bun:test';
import { type OpenAIServer, startOpenAIServer } from './openai-server.ts';

/** The scripted OpenAI-compatible server of the current test; a fresh one per test (live binding). */
export let server: OpenAIServer;

/** Starts a fresh scripted OpenAI-compatible server before each test of the calling file and closes it after. */
export function useOpenAIServer(): void {
  beforeEach(() => {
    server = startOpenAIServer();
  });
  afterEach(async () => {
    await server.close();
  });
}
