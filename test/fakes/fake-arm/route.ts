import type { FakeArmState, Operation, Reply } from './fake-arm-state';

export interface RouteContext {
  method: string;
  state: FakeArmState;
  /** Regex groups of the matched path, original case. */
  m: string[];
  body: Record<string, unknown>;
  query: URLSearchParams;
  /** Absolute URL of an operation's status/result, on this same host. */
  opUrl(ns: string, location: string, op: Operation): string;
}

export interface Route {
  methods: string[];
  /** The api-versions the provider serves for this type; others answer NoRegisteredProviderFound. */
  apiVersions?: string[];
  pattern: RegExp;
  handle(ctx: RouteContext): Reply;
}

export const SUB = '^/subscriptions/([^/]+)';
export const RG = `${SUB}/resourcegroups/([^/]+)`;

/** Builds a case-insensitive full-path pattern, as ARM matches paths case-insensitively. */
export const path = (p: string) => new RegExp(`${p}$`, 'i');

export const group = (m: string[], i: number): string => m[i] ?? '';

export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

export const obj = (v: unknown): Record<string, unknown> =>
  v && typeof v === 'object' ? (v as Record<string, unknown>) : {};

/** Reply headers that start an Azure-AsyncOperation LRO. */
export function asyncHeaders(ctx: RouteContext, ns: string, loc: string, op: Operation) {
  return {
    'azure-asyncoperation': ctx
      .opUrl(ns, loc, op)
      .replace('/operationResults/', '/operationStatuses/'),
    'retry-after': ctx.state.lroRetryAfter,
  };
}

/** Reply headers that start a Location LRO. */
export function locationHeaders(ctx: RouteContext, ns: string, loc: string, op: Operation) {
  return { location: ctx.opUrl(ns, loc, op), 'retry-after': ctx.state.lroRetryAfter };
}
