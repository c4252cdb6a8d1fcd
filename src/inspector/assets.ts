import { fileURLToPath } from 'node:url';
import { EryError } from '../domain/errors.ts';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

const NO_STORE = { 'cache-control': 'no-store' };

let bundle: Promise<string> | null = null;

/**
 * The page's browser code: client/main.ts and what it imports, bundled by `Bun.build` on first
 * request and kept for the life of the process (no CDN, no build step before `ery start`).
 *
 * @throws {EryError} `INSPECTOR_BUILD_FAILED` with the bundler's first message when the client
 *   code does not build; the next request tries again.
 */
export function clientBundle(): Promise<string> {
  bundle ??= build();
  bundle.catch(() => {
    bundle = null;
  });
  return bundle;
}

async function build(): Promise<string> {
  let result: Awaited<ReturnType<typeof Bun.build>>;
  try {
    result = await Bun.build({ entrypoints: [here('./client/main.ts')], target: 'browser', format: 'esm' });
  } catch (error) {
    throw new EryError(
      'INSPECTOR_BUILD_FAILED',
      `the inspector's page code does not build: ${String(error)}`,
      {
        cause: error,
      },
    );
  }
  const output = result.outputs[0];
  if (!result.success || !output)
    throw new EryError(
      'INSPECTOR_BUILD_FAILED',
      `the inspector's page code does not build: ${String(result.logs[0] ?? 'no output')}`,
    );
  return output.text();
}

/** `GET /inspector`: the page. */
export function pageResponse(): Response {
  return new Response(Bun.file(here('./page.html')), {
    headers: { 'content-type': 'text/html; charset=utf-8', ...NO_STORE },
  });
}

/** `GET /inspector/style.css`. */
export function styleResponse(): Response {
  return new Response(Bun.file(here('./style.css')), {
    headers: { 'content-type': 'text/css; charset=utf-8', ...NO_STORE },
  });
}

/** `GET /inspector/app.js`: the bundle of {@link clientBundle}. */
export async function scriptResponse(): Promise<Response> {
  return new Response(await clientBundle(), {
    headers: { 'content-type': 'text/javascript; charset=utf-8', ...NO_STORE },
  });
}
