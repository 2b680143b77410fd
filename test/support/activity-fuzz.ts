import type { TeamsActivities, WireActivity } from './teams-activities';

/**
 * Mutated and hostile activities for the edge fuzz test: valid Teams activities with fields set
 * to the wrong type, null, huge or nested junk, deleted, or prototype keys, and serviceUrls
 * that are junk or point at loopback peers that refuse or never answer. Every serviceUrl that
 * parses as an http(s) URL points at 127.0.0.1: the fuzz never reaches another address.
 */

/** xorshift32: small, seeded, so a failing run reproduces from its seed. */
export function xorshift(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

export interface FuzzTargets {
  /** The working connector (most activities keep it). */
  connector: string;
  /** Loopback URLs that misbehave: a closed port, a peer that never answers, the bot itself. */
  junkLoopback: string[];
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export class ActivityFuzzer {
  private readonly pick = <T>(items: readonly T[]): T =>
    items[Math.floor(this.rand() * items.length)] as T;

  constructor(
    private readonly rand: () => number,
    private readonly a: TeamsActivities,
    private readonly targets: FuzzTargets,
  ) {}

  /** One mutated activity (1–3 mutations of a valid one), as a JSON value. */
  next(): Json {
    const base = this.base();
    const mutations = 1 + Math.floor(this.rand() * 3);
    let activity: Json = JSON.parse(JSON.stringify(base)) as Json;
    for (let i = 0; i < mutations; i++) activity = this.mutate(activity);
    return this.loopbackOnly(activity);
  }

  private base(): WireActivity {
    const { a } = this;
    const text = this.pick(['help', 'status', 'whoami', 'audit', 'nonsense words', '']);
    return this.pick<() => WireActivity>([
      () => a.personal(text),
      () => a.groupChat(text),
      () => a.channel(text),
      () => a.invokeAction('run', { command: this.pick(['whoami', 'help', 'nope']) }),
      () => a.invokeAction(this.pick(['gone-verb', 'run', 'cancel', 'confirm']), { planId: 'x' }),
      () => a.submit({ verb: 'run', command: 'status' }),
      () => a.membersAdded(this.pick(['personal', 'groupChat', 'channel'] as const), true),
      () => a.installationAdd(this.pick(['personal', 'groupChat', 'channel'] as const)),
    ])();
  }

  private junk(): Json {
    const r = this.rand();
    const nested = (depth: number): Json =>
      depth === 0 ? 'leaf' : { a: [nested(depth - 1), null, 1], b: { c: nested(depth - 1) } };
    return this.pick<() => Json>([
      () => null,
      () => true,
      () => 0,
      () => -1e308,
      () => Math.floor(r * 1e12),
      () => '',
      () => 'x'.repeat(1 + Math.floor(r * 60_000)),
      () => '\u0000\uffff💥<at>bot</at>\'"; DROP TABLE conversations;--',
      () => [],
      () => [1, 'two', null, {}],
      () => ({}),
      () => ({ id: 42, name: ['x'] }),
      () => nested(1 + Math.floor(r * 6)),
      () => JSON.parse('{"__proto__":{"polluted":true},"constructor":{"prototype":{}}}') as Json,
      () => this.pick(['message', 'invoke', 'conversationUpdate', 'event', 'typing', 'bogus']),
      () => '2024-13-45T99:99:99Z',
    ])();
  }

  private mutate(activity: Json): Json {
    const r = this.rand();
    if (r < 0.08) {
      const url = this.pick<Json>([
        ...this.targets.junkLoopback,
        'not a url',
        'ftp://127.0.0.1/',
        'http://',
        'javascript:alert(1)',
        'http://[::1',
        12345,
        null,
      ]);
      return this.set(activity, ['serviceUrl'], url);
    }
    const path = this.randomPath(activity);
    if (path.length === 0) return this.junk();
    // A field the bot does not read (Teams adds many): must be accepted, whatever it holds.
    if (r < 0.3)
      return this.set(activity, [...path.slice(0, -1), `extra${path.length}`], this.junk());
    if (r < 0.45) return this.remove(activity, path);
    return this.set(activity, path, this.junk());
  }

  /** A walk from the root into a random existing field. */
  private randomPath(activity: Json): string[] {
    const path: string[] = [];
    let node: Json = activity;
    while (node !== null && typeof node === 'object') {
      const keys = Object.keys(node);
      if (keys.length === 0) break;
      const key = this.pick(keys);
      path.push(key);
      if (this.rand() < 0.45) break;
      node = (node as Record<string, Json>)[key] ?? null;
    }
    return path;
  }

  private set(root: Json, path: string[], value: Json): Json {
    const parent = this.parentOf(root, path);
    if (parent) parent[path[path.length - 1] ?? ''] = value;
    return root;
  }

  private remove(root: Json, path: string[]): Json {
    const parent = this.parentOf(root, path);
    if (parent) Reflect.deleteProperty(parent, path[path.length - 1] ?? '');
    return root;
  }

  private parentOf(root: Json, path: string[]): Record<string, Json> | undefined {
    let node: Json = root;
    for (const key of path.slice(0, -1)) {
      if (node === null || typeof node !== 'object') return undefined;
      node = (node as Record<string, Json>)[key] ?? null;
    }
    return node !== null && typeof node === 'object' ? (node as Record<string, Json>) : undefined;
  }

  /** Any serviceUrl that would reach a host goes to 127.0.0.1, never elsewhere. */
  private loopbackOnly(activity: Json): Json {
    if (activity === null || typeof activity !== 'object' || Array.isArray(activity))
      return activity;
    const url = activity.serviceUrl;
    if (typeof url !== 'string') return activity;
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return activity;
    }
    const web = parsed.protocol === 'http:' || parsed.protocol === 'https:';
    if (web && parsed.hostname !== '127.0.0.1') activity.serviceUrl = this.targets.connector;
    return activity;
  }
}
