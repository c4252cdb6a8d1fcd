import { fileURLToPath } from 'node:url';
import { channelMachine } from '../../machines/channel.machine.ts';
import { supervisorLifecycleMachine } from '../../machines/supervisor-lifecycle.machine.ts';
import { EryError } from '../domain/errors.ts';
import { layoutMachine } from './layout.ts';
import type { Charts } from './wire.ts';

const here = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));

const NO_STORE = { 'cache-control': 'no-store' };

/** The pages' browser code by URL: each bundles its entry point and what it imports. */
const ENTRIES = { 'app.js': './client/main.ts', 'replay.js': './client/replay.ts' } as const;
/** The files served as they are, by URL. */
const FILES = { 'replay.css': './replay.css' } as const;
/** `style.css`: the inspector's look, kept in one file per part and served as one, in this order. */
const STYLE_PARTS = ['base', 'layout', 'overview', 'chart', 'detail', 'thread', 'responsive'] as const;
const PAGES = { live: './page.html', replay: './replay.html' } as const;

const bundles = new Map<string, Promise<string>>();
let charts: Promise<Charts> | null = null;
let style: Promise<string> | null = null;

/** The parts of `style.css` joined, read once per process. */
function stylesheet(): Promise<string> {
  style ??= Promise.all(STYLE_PARTS.map((part) => Bun.file(here(`./styles/${part}.css`)).text())).then(
    (parts) => parts.join('\n'),
  );
  style.catch(() => {
    style = null;
  });
  return style;
}

/**
 * One page's browser code: its entry in client/ and what it imports, bundled by `Bun.build` on
 * first request and kept for the life of the process (no CDN, no build step before `ery start`).
 *
 * @throws {EryError} `INSPECTOR_BUILD_FAILED` with the bundler's first message when the client
 *   code does not build; the next request tries again.
 */
export function clientBundle(name: keyof typeof ENTRIES = 'app.js'): Promise<string> {
  let bundle = bundles.get(name);
  if (!bundle) {
    bundle = build(ENTRIES[name]);
    bundles.set(name, bundle);
    bundle.catch(() => bundles.delete(name));
  }
  return bundle;
}

async function build(entry: string): Promise<string> {
  let result: Awaited<ReturnType<typeof Bun.build>>;
  try {
    result = await Bun.build({ entrypoints: [here(entry)], target: 'browser', format: 'esm' });
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

/** Both statecharts, laid out once per process: the machines do not change while Ery runs. */
export function machineCharts(): Promise<Charts> {
  charts ??= Promise.all([layoutMachine(channelMachine), layoutMachine(supervisorLifecycleMachine)]).then(
    ([channel, supervisor]) => ({ channel, supervisor }),
  );
  // A failed layout is tried again on the next request, not kept.
  charts.catch(() => {
    charts = null;
  });
  return charts;
}

/** `GET /inspector` (`live`) or `GET /inspector/replay/:channelId` (`replay`): the page. */
export function pageResponse(page: keyof typeof PAGES = 'live'): Response {
  return new Response(Bun.file(here(PAGES[page])), {
    headers: { 'content-type': 'text/html; charset=utf-8', ...NO_STORE },
  });
}

/**
 * What every inspector serves alike, by path under `/inspector`: the pages' code (`/app.js`,
 * `/replay.js`), their styles (`/style.css`, `/replay.css`) and the laid-out statecharts
 * (`/api/charts`). Null for any other path.
 */
export async function assetResponse(path: string): Promise<Response | null> {
  if (path === '/api/charts') return Response.json(await machineCharts());
  const name = path.slice(1);
  if (Object.hasOwn(ENTRIES, name))
    return new Response(await clientBundle(name as keyof typeof ENTRIES), {
      headers: { 'content-type': 'text/javascript; charset=utf-8', ...NO_STORE },
    });
  if (name === 'style.css')
    return new Response(await stylesheet(), {
      headers: { 'content-type': 'text/css; charset=utf-8', ...NO_STORE },
    });
  if (Object.hasOwn(FILES, name))
    return new Response(Bun.file(here(FILES[name as keyof typeof FILES])), {
      headers: { 'content-type': 'text/css; charset=utf-8', ...NO_STORE },
    });
  return null;
}
