import { EryError } from '../domain/errors.ts';

/** The variables that say where a server listens: its port's, and its address's when it has one. */
export interface ListenTarget {
  port: { variable: string; value: number };
  host?: { variable: string; value: string };
}

/**
 * Runs `listen` (which binds a server) and turns every failure to bind into one line naming the
 * variables to change, an {@link EryError} with the cause kept: `PORT_IN_USE`, `PORT_DENIED`
 * (below 1024 without the right), `HOST_UNAVAILABLE` (not an address of this machine) or
 * `CANNOT_LISTEN` (anything else Bun refuses, such as a link-local IPv6 address without its zone).
 * An error that is not about binding is thrown as it is.
 */
export async function listenOn<T>(target: ListenTarget, listen: () => Promise<T> | T): Promise<T> {
  try {
    return await listen();
  } catch (error) {
    throw bindError(target, error) ?? error;
  }
}

/** The one-line error for a failure to bind, or null when `error` is not one. */
function bindError({ port, host }: ListenTarget, error: unknown): EryError | null {
  const code = String((error as { code?: unknown })?.code ?? '');
  const where = host ? `${host.value} port ${port.value}` : `port ${port.value}`;
  const names = host ? `${host.variable} and ${port.variable}` : port.variable;
  if (code === 'EADDRINUSE')
    return new EryError(
      'PORT_IN_USE',
      `${port.variable}: port ${port.value} is already in use; set ${port.variable} to a free port (0 picks one) or stop what holds it`,
      { cause: error },
    );
  if (code === 'EACCES')
    return new EryError(
      'PORT_DENIED',
      `${port.variable}: port ${port.value} needs privileges this process does not have; set ${port.variable} to 1024 or above (0 picks a free one)`,
      { cause: error },
    );
  if (host && code === 'EADDRNOTAVAIL')
    return new EryError(
      'HOST_UNAVAILABLE',
      `${host.variable}: ${host.value} is no address of this machine; set ${host.variable} to one of its addresses, 0.0.0.0 for all, or 127.0.0.1`,
      { cause: error },
    );
  if (!/^E[A-Z]+$|^ERR_/.test(code)) return null;
  const reason = error instanceof Error ? error.message.split('\n')[0] : code;
  return new EryError(
    'CANNOT_LISTEN',
    `${names}: cannot listen on ${where} (${reason}); check ${names} (127.0.0.1 and 0 always work)`,
    { cause: error },
  );
}
