/**
 * The page's files, served straight from this folder: page.html, style.css, and the browser code in
 * client/*.ts, which Bun's transpiler turns into plain ES modules on first request (types erased,
 * `.ts` import specifiers kept, so the modules load each other from /chat/assets/ with no bundler).
 */

const here = new URL('./', import.meta.url);
const transpiler = new Bun.Transpiler({ loader: 'ts', target: 'browser' });
const cache = new Map<string, string>();

/** Where the browser fetches the page's files. */
export const ASSETS_PREFIX = '/chat/assets/';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

async function read(relative: string): Promise<string | null> {
  const cached = cache.get(relative);
  if (cached !== undefined) return cached;
  const file = Bun.file(new URL(relative, here));
  if (!(await file.exists())) return null;
  let text = await file.text();
  if (relative.endsWith('.ts')) text = transpiler.transformSync(text);
  cache.set(relative, text);
  return text;
}

const NO_STORE = { 'Cache-Control': 'no-store' };

/** `GET /`: the page, with its title filled in. */
export async function servePage(title: string): Promise<Response> {
  const html = await read('page.html');
  if (html === null) throw new Error('page.html is missing next to src/playground/web/assets.ts');
  return new Response(html.replaceAll('{{title}}', escapeHtml(title)), {
    headers: { 'Content-Type': 'text/html; charset=utf-8', ...NO_STORE },
  });
}

/** `GET /chat/assets/<name>`: style.css or a client module; null for anything else. */
export async function serveAsset(name: string): Promise<Response | null> {
  // Only plain names: nothing outside this folder can be asked for.
  if (name === 'style.css') {
    const css = await read('style.css');
    return css === null
      ? null
      : new Response(css, { headers: { 'Content-Type': 'text/css; charset=utf-8', ...NO_STORE } });
  }
  if (!/^[a-z][a-z-]*\.ts$/.test(name)) return null;
  const js = await read(`client/${name}`);
  if (js === null) return null;
  return new Response(js, { headers: { 'Content-Type': 'text/javascript; charset=utf-8', ...NO_STORE } });
}
