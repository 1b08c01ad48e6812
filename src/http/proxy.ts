import { BlockList, isIP } from 'node:net';
import type { TypedApp } from './types.ts';

/** Whether a socket peer is one of the configured reverse proxies. */
export type ProxyTrust = (address: string | undefined) => boolean;

/**
 * TRUST_PROXY: comma-separated IPv4/IPv6 addresses and CIDR ranges. Returns the
 * entries, or the ones that are not an address or a range in `invalid`.
 */
export function parseTrustedProxies(value: string | undefined): { entries: string[]; invalid: string[] } {
  const entries = (value ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  return { entries, invalid: entries.filter((entry) => !validEntry(entry)) };
}

function validEntry(entry: string): boolean {
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (family === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/** The trust check for entries that parseTrustedProxies accepted; no entries trusts nobody. */
export function proxyTrust(entries: readonly string[]): ProxyTrust {
  const trusted = new BlockList();
  for (const entry of entries) {
    const [address = '', prefix] = entry.split('/');
    const type = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) trusted.addAddress(address, type);
    else trusted.addSubnet(address, Number(prefix), type);
  }
  // BlockList matches IPv4-mapped IPv6 peers (::ffff:10.0.0.1, a dual-stack socket's view) against IPv4 rules.
  return (address) =>
    address !== undefined && isIP(address) !== 0 && trusted.check(address, isIP(address) === 4 ? 'ipv4' : 'ipv6');
}

// RFC 7239 and the de-facto X-Forwarded-* set that Fastify and Koa (oidc-provider) read.
const FORWARDED_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'x-forwarded-port',
  'x-forwarded-prefix',
];

/**
 * Removes forwarding headers unless the socket peer is a trusted proxy, before any
 * route sees them. Fastify already ignores them from untrusted peers; code that reads
 * the raw request (the bundled identity provider is Koa with `proxy` on) would not.
 */
export function registerForwardedHeaderGuard(app: TypedApp, trust: ProxyTrust): void {
  app.addHook('onRequest', (request, _reply, done) => {
    // The peer is checked only when there is something to remove: most requests carry none of these.
    if (FORWARDED_HEADERS.some((name) => name in request.headers) && !trust(request.socket.remoteAddress)) {
      for (const name of FORWARDED_HEADERS) Reflect.deleteProperty(request.headers, name);
    }
    done();
  });
}
