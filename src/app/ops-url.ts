import { hostname } from 'node:os';

/** Addresses that mean "every interface": a server listens there, but no browser can go there. */
const EVERY_INTERFACE = new Set(['0.0.0.0', '::', '0:0:0:0:0:0:0:0']);

/** True when `host` (as bound, brackets or not) is every interface of this machine. */
export function isEveryInterface(host: string): boolean {
  return EVERY_INTERFACE.has(host.replace(/^\[|\]$/g, ''));
}

/**
 * The address to print for a server bound on `host`:`port`: the host itself, except that every
 * interface (`0.0.0.0`, `::`) becomes this machine's name (`os.hostname()`), which another machine
 * on the network can open; an IPv6 address is bracketed.
 */
export function reachableUrl(host: string, port: number, machine: string = hostname()): string {
  const bare = host.replace(/^\[|\]$/g, '');
  const shown = isEveryInterface(bare) ? machine || '127.0.0.1' : bare;
  return `http://${shown.includes(':') ? `[${shown}]` : shown}:${port}`;
}
