import type { ChatModel } from '../llm/chat-model.ts';
import { CONFIGURE_HINT, DemoChatModel } from '../llm/demo-model.ts';
import type { Logger } from '../logger.ts';
import {
  openSqlitePlaygroundStorage,
  type Playground,
  playgroundPathFor,
  startPlayground,
} from '../playground/index.ts';
import { mountWebChat } from '../playground/web/index.ts';
import { ownsPath } from '../playground/web/router.ts';
import { listenOn } from './listen.ts';
import { createOriginGuard } from './ops-origin.ts';
import type { RunOptions } from './run.ts';

/** The playground Ery runs against when it has no Discord token, with its chat page. */
export interface LocalPlayground {
  /** Null when Ery connects to Discord (or another target): only the chat mount was made. */
  playground: Playground | null;
  /** Links the chat page to the live inspector at `url` (`…/inspector`). */
  showInspector(url: string): void;
  /** Closes the chat page's streams and stops the playground. */
  close(): Promise<void>;
}

/**
 * Starts the playground on `ERY_PLAYGROUND_PORT` with its chat page when `options` ask for it (or
 * there is no `DISCORD_TOKEN`), its world kept in a SQLite file beside `databasePath` (emptied with
 * `options.fresh`). The page says plainly when `model` is the demo model, never presented as an AI.
 * Throws `listenOn`'s one-line error naming `ERY_PLAYGROUND_PORT` when the port cannot be bound.
 */
export async function startLocalPlayground(
  options: RunOptions,
  databasePath: string,
  model: ChatModel,
): Promise<LocalPlayground> {
  const { env, logger } = options;
  const usePlayground = !options.target && (options.playground ?? !env.DISCORD_TOKEN);
  // Known once the ops server is bound; until then the chat page shows no inspector link.
  let inspectorUrl: string | null = null;
  const pageGuard = createOriginGuard({
    token: undefined,
    server: { name: 'the playground chat page', portVariable: 'ERY_PLAYGROUND_PORT' },
  });
  const chat = mountWebChat({
    title: 'Ery Playground',
    banner: () =>
      model instanceof DemoChatModel ? `Offline demo model — not an AI. ${CONFIGURE_HINT}` : null,
    inspectorUrl: () => inspectorUrl,
  });
  const playground = usePlayground
    ? await listenOn({ port: { variable: 'ERY_PLAYGROUND_PORT', value: env.ERY_PLAYGROUND_PORT } }, () =>
        startPlayground({
          port: env.ERY_PLAYGROUND_PORT,
          logger: logger.child({ part: 'playground' }),
          // The chat page acts as any person of the server, the owner included: only a page of its
          // own may post (no other site's form or fetch, no DNS-rebound name), as on the ops server.
          extraFetch: (request) =>
            (ownsPath(new URL(request.url).pathname) ? pageGuard(request) : undefined) ?? chat.fetch(request),
          ...playgroundStorage(databasePath, options.fresh === true, logger),
        }),
      )
    : null;
  if (playground) chat.attach(playground);
  return {
    playground,
    showInspector: (url) => {
      inspectorUrl = url;
    },
    close: async () => {
      chat.close();
      await playground?.stop();
    },
  };
}

/** The playground's own SQLite file beside Ery's database (none when that database is in memory). */
function playgroundStorage(databasePath: string, fresh: boolean, logger: Logger) {
  const path = playgroundPathFor(databasePath);
  if (!path) return {};
  logger.info({ event: 'playground.storage.opened', path, fresh }, 'playground state file');
  return {
    storage: openSqlitePlaygroundStorage(path, { fresh, logger: logger.child({ part: 'playground' }) }),
  };
}
