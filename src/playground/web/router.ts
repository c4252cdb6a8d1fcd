/** Routes the web chat's paths; answers undefined for every other path so the API keeps working. */
import type { Playground } from '../index.ts';
import { ASSETS_PREFIX, serveAsset, servePage } from './assets.ts';
import { buildChatState, type ChatScope, shownGuildId } from './chat-state.ts';
import { autocompleteChatCommand, commandUsages, runChatCommand } from './commands.ts';
import { WebChatError } from './errors.ts';
import { openEventStream } from './event-stream.ts';
import { joinChatMember } from './join.ts';
import { postChatMessage, postChatReaction } from './post.ts';

/** Everything a request needs besides itself. */
export interface RouteDeps extends ChatScope {
  pg: Playground;
  now: () => number;
  keepAliveMs: number;
  openStreams: Set<() => void>;
}

/** True for the paths the web chat answers. */
export function ownsPath(pathname: string): boolean {
  return pathname === '/' || pathname === '/chat' || pathname.startsWith('/chat/');
}

const json = (body: unknown, status = 200) =>
  Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } });

const methodNotAllowed = (allow: string) =>
  json({ error: { code: 'WEB_CHAT_METHOD', message: `Use ${allow} here.` } }, 405);

/** Answers one request the web chat owns. */
export async function route(deps: RouteDeps, req: Request, url: URL): Promise<Response> {
  const { pathname } = url;
  const isGet = req.method === 'GET' || req.method === 'HEAD';
  try {
    if (pathname === '/' || pathname === '/chat' || pathname === '/chat/') {
      return isGet ? await servePage(deps.title) : methodNotAllowed('GET');
    }
    if (pathname.startsWith(ASSETS_PREFIX)) {
      if (!isGet) return methodNotAllowed('GET');
      return (
        (await serveAsset(pathname.slice(ASSETS_PREFIX.length))) ?? json({ error: notFound(pathname) }, 404)
      );
    }
    switch (pathname) {
      case '/chat/state':
        return isGet ? json(buildChatState(deps.pg, deps)) : methodNotAllowed('GET');
      case '/chat/events':
        return isGet
          ? openEventStream(deps.pg, req, url, { keepAliveMs: deps.keepAliveMs, open: deps.openStreams })
          : methodNotAllowed('GET');
      case '/chat/messages':
        if (req.method !== 'POST') return methodNotAllowed('POST');
        return json({ message: await postChatMessage(deps.pg, req, deps.now) }, 201);
      case '/chat/commands':
        if (req.method === 'POST') return json({ reply: await runChatCommand(deps.pg, req) });
        if (!isGet) return methodNotAllowed('GET, POST');
        return json({ commands: commandUsages(deps.pg, shownGuildId(deps.pg) ?? '') });
      case '/chat/commands/autocomplete':
        if (req.method !== 'POST') return methodNotAllowed('POST');
        return json({ choices: await autocompleteChatCommand(deps.pg, req) });
      case '/chat/members':
        if (req.method !== 'POST') return methodNotAllowed('POST');
        return json({ member: await joinChatMember(deps.pg, req) }, 201);
      case '/chat/reactions':
        if (req.method !== 'POST') return methodNotAllowed('POST');
        await postChatReaction(deps.pg, req, deps.now);
        return new Response(null, { status: 204 });
      default:
        return json({ error: notFound(pathname) }, 404);
    }
  } catch (error) {
    if (error instanceof WebChatError) return error.toResponse();
    throw error;
  }
}

function notFound(pathname: string) {
  return { code: 'WEB_CHAT_NOT_FOUND', message: `Nothing at ${pathname}. The chat lives at /.` };
}
