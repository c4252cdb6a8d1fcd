import { describe, expect, test } from 'bun:test';
import { reachableUrl } from '../../src/app/ops-url.ts';
import { opsBanner } from '../../src/commands/ops-banner.ts';

describe('the addresses Ery prints for its ops server', () => {
  test('GIVEN every interface (0.0.0.0 or ::) THEN the address is this machine’s name, which another machine can open', () => {
    expect(reachableUrl('0.0.0.0', 3000, 'ery-box')).toBe('http://ery-box:3000');
    expect(reachableUrl('::', 3000, 'ery-box')).toBe('http://ery-box:3000');
    expect(reachableUrl('[::]', 3000, 'ery-box')).toBe('http://ery-box:3000');
  });

  test('GIVEN one address THEN it is printed as bound, IPv6 in brackets', () => {
    expect(reachableUrl('127.0.0.1', 3000, 'ery-box')).toBe('http://127.0.0.1:3000');
    expect(reachableUrl('::1', 3000, 'ery-box')).toBe('http://[::1]:3000');
    expect(reachableUrl('192.168.1.20', 80, 'ery-box')).toBe('http://192.168.1.20:80');
  });

  test('GIVEN ERY_OPS_TOKEN THEN the banner says a browser needs ?token= once, and not without one', () => {
    const ops = { url: 'http://ery-box:3000', everyInterface: true };
    const guarded = opsBanner(ops, '0.0.0.0', true);
    expect(guarded).toContain('open http://ery-box:3000/inspector?token=<your ERY_OPS_TOKEN>');
    expect(guarded).toContain('Listening on every interface (ERY_HTTP_HOST=0.0.0.0)');
    expect(
      opsBanner({ url: 'http://127.0.0.1:3000', everyInterface: false }, '127.0.0.1', false),
    ).not.toContain('token');
  });
});
