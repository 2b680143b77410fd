import { BlockList, isIPv4, isIPv6 } from 'node:net';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');

/**
 * True when HOST only accepts connections from this machine: 127.0.0.0/8, ::1 (in any spelling,
 * bracketed or IPv4-mapped) or `localhost`. Any other name may resolve to a public interface, so
 * it counts as exposed.
 */
export function isLoopbackHost(host: string): boolean {
  const h = host
    .trim()
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  const family = isIPv4(h) ? 'ipv4' : isIPv6(h) ? 'ipv6' : undefined;
  return family !== undefined && LOOPBACK.check(h, family);
}

/** NODE_ENV as the rest of the program compares it: lower case, `prod` meaning production. */
export function normalizeNodeEnv(value: string | undefined): string {
  const v = (value ?? 'development').toLowerCase();
  return v === 'prod' ? 'production' : v;
}

export interface ListenGuardInput {
  /** NODE_ENV as set (for the message); compared normalized. */
  nodeEnv: string | undefined;
  host: string;
  appId: string | undefined;
  allowUnauthenticated: boolean;
}

/**
 * Without MicrosoftAppId the bot checks no token: whoever reaches the port can post activities as
 * any Teams user, admins included. That is only acceptable on loopback, or when an operator says
 * so explicitly (ALLOW_UNAUTHENTICATED=true, e.g. a container behind an authenticating proxy), and
 * never in production. Returns the problems, [] when the combination is safe.
 */
export function listenGuard(input: ListenGuardInput): string[] {
  if (input.appId !== undefined) return [];
  if (normalizeNodeEnv(input.nodeEnv) === 'production') {
    return [
      `MicrosoftAppId: must be set when NODE_ENV is production (NODE_ENV=${input.nodeEnv ?? ''}); without it, requests are not authenticated`,
    ];
  }
  if (!isLoopbackHost(input.host) && !input.allowUnauthenticated) {
    return [
      `HOST: ${input.host} is not a loopback address and MicrosoftAppId is empty, so anyone who reaches the port could act as any Teams user: set MicrosoftAppId, listen on 127.0.0.1, or set ALLOW_UNAUTHENTICATED=true to accept that`,
    ];
  }
  return [];
}
