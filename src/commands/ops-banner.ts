import type { OpsServer } from '../app/ops-server.ts';

/**
 * What `ery start` prints about the ops server: its routes and the inspector at an address a
 * browser can open (this machine's name when it listens on every interface), and, when
 * `ERY_OPS_TOKEN` guards it, how a browser gets in: once with `?token=`. The token itself is never
 * printed.
 */
export function opsBanner(
  ops: Pick<OpsServer, 'url' | 'everyInterface'>,
  host: string,
  guarded: boolean,
): string {
  const auth = guarded ? ' (bearer token: ERY_OPS_TOKEN)' : '';
  const lines = [
    `  Ops: ${ops.url}/healthz · ${ops.url}/metrics · ${ops.url}/api/actors${auth}`,
    // Its own line, so it stays easy to spot (and to click) whatever the ops line grows into.
    `  Inspector: ${ops.url}/inspector (every channel's machine, live)`,
  ];
  if (guarded)
    lines.push(
      `    A browser needs the token once: open ${ops.url}/inspector?token=<your ERY_OPS_TOKEN>; it then keeps a cookie for a week.`,
    );
  if (ops.everyInterface)
    lines.push(
      `  Listening on every interface (ERY_HTTP_HOST=${host}): the addresses above use this machine's name.`,
    );
  return `${lines.join('\n')}\n\n`;
}
