import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig, type Config } from '../../src/config';
import { startBot, type RunningBot } from '../../src/index';
import { createLogger } from '../../src/platform/logging/logger';
import { AuditRepository, type AuditEntry } from '../../src/platform/store/audit-repository';
import {
  ConversationRepository,
  type ConversationRecord,
} from '../../src/platform/store/conversation-repository';
import { openPostgresStore } from '../../src/platform/store/postgres-store';
import { openSqliteStore } from '../../src/platform/store/sqlite-store';
import type { Store } from '../../src/platform/store/store';
import { startCaptureConnector, type CaptureConnector } from './capture-connector';
import {
  teamsActivities,
  teamsWorld,
  type TeamsActivities,
  type TeamsWorld,
} from './teams-activities';

export {
  cardOf,
  cardText,
  DEFAULT_USER,
  teamsActivities,
  teamsWorld,
  type TeamsActivities,
  type TeamsWorld,
  type WireActivity,
} from './teams-activities';
export type { CapturedRequest, CaptureConnector } from './capture-connector';

/** One pino line as JSON. */
export type LogLine = Record<string, unknown> & { level: number; msg?: string };

export interface HarnessOptions {
  /** Extra environment for `loadConfig`; PORT, HOST, DATA_DIR and LOG_LEVEL have test defaults. */
  env?: Record<string, string>;
  /** Reuse a data folder (it is then not deleted by `stop()`). */
  dataDir?: string;
  /** Overrides for the default Teams cast (ids, names). */
  world?: Partial<TeamsWorld>;
}

export interface HttpResult {
  status: number;
  /** Parsed JSON when the answer was JSON, else the raw text ('' when empty). */
  body: unknown;
  headers: Headers;
}

/**
 * A running bot wired to a capture connector, for protocol tests: post real activities,
 * assert on what the bot sends back to "Teams".
 */
export interface Harness {
  /** Base URL of the bot, e.g. http://127.0.0.1:41234 */
  readonly url: string;
  readonly dataDir: string;
  readonly config: Readonly<Config>;
  readonly connector: CaptureConnector;
  /** Activity builders whose serviceUrl points at the connector. */
  readonly a: TeamsActivities;
  /** Builders for another cast (e.g. a fresh personal chat id), same connector. */
  activities(overrides: Partial<TeamsWorld>): TeamsActivities;
  /** Every log line the bot wrote (level per LOG_LEVEL, default 'debug'). */
  readonly logs: LogLine[];
  /** POSTs an activity to /api/messages. */
  send(activity: Record<string, unknown>, headers?: Record<string, string>): Promise<HttpResult>;
  /** Any request to the bot with a raw body (for malformed input). */
  request(
    method: string,
    route: string,
    body?: string | Buffer,
    headers?: Record<string, string>,
  ): Promise<HttpResult>;
  /** Reads the conversation records in the bot's store (a second connection; WAL allows it). */
  conversations(): Promise<ConversationRecord[]>;
  /** Reads the latest audit entries in the bot's store. */
  auditEntries(limit?: number): Promise<AuditEntry[]>;
  /** Stops the bot only (graceful); the connector and data stay. */
  stopBot(): Promise<void>;
  /** Stops the bot if running and starts it again on the same data folder and connector. */
  restart(): Promise<void>;
  /** Stops the bot and the connector, and deletes the data folder if the harness made it. */
  stop(): Promise<void>;
}

async function toResult(res: Response): Promise<HttpResult> {
  const text = await res.text();
  let body: unknown = text;
  if (text !== '' && (res.headers.get('content-type') ?? '').includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      body = text;
    }
  }
  return { status: res.status, body, headers: res.headers };
}

/**
 * Starts the real bot in-process (`startBot(loadConfig(env))`) on 127.0.0.1:0 with a fresh
 * temp DATA_DIR, plus a capture connector. The caller must `await h.stop()`.
 *
 * ```ts
 * const h = await startHarness({ env: { ADMIN_AAD_OBJECT_IDS: DEFAULT_USER.aadObjectId } });
 * await h.send(h.a.channel('status'));              // resolves once the turn has finished
 * const [reply] = await h.connector.waitFor(1);     // what the bot sent to "Teams"
 * expect(cardText(cardOf(reply?.body))).toContain('Status');
 * await h.stop();
 * ```
 */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const ownsDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'llmops-bot-test-'));
  const connector = await startCaptureConnector();
  const logs: LogLine[] = [];
  const env = {
    NODE_ENV: 'test',
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: 'debug',
    ...options.env,
  };
  const config = loadConfig(env);
  const log = createLogger(config.logLevel, {
    write(line: string) {
      logs.push(JSON.parse(line) as LogLine);
    },
  });
  let bot: RunningBot | undefined = await startBot(config, log);
  let url = bot.url;
  const world = teamsWorld(connector.serviceUrl, options.world);

  /** Opens the store the bot uses (its data folder, or its DATABASE_URL) for one read. */
  const withStore = async <T>(fn: (store: Store) => Promise<T>): Promise<T> => {
    const store =
      config.store.kind === 'postgres'
        ? await openPostgresStore({ url: config.store.url, poolMax: 1 })
        : openSqliteStore(dataDir);
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  };

  const request: Harness['request'] = async (method, route, body, headers = {}) =>
    toResult(
      await fetch(`${url}${route}`, {
        method,
        headers,
        ...(body !== undefined ? { body } : {}),
      }),
    );

  const stopBot = async () => {
    const running = bot;
    bot = undefined;
    if (running) await running.stop();
  };

  return {
    get url() {
      return url;
    },
    dataDir,
    config,
    connector,
    a: teamsActivities(world),
    activities: (overrides) =>
      teamsActivities(teamsWorld(connector.serviceUrl, { ...options.world, ...overrides })),
    logs,
    send: (activity, headers = {}) =>
      request('POST', '/api/messages', JSON.stringify(activity), {
        'content-type': 'application/json',
        ...headers,
      }),
    request,
    conversations: () => withStore((store) => new ConversationRepository(store).list()),
    auditEntries: (limit = 50) => withStore((store) => new AuditRepository(store).latest(limit)),
    stopBot,
    async restart() {
      await stopBot();
      bot = await startBot(config, log);
      url = bot.url;
    },
    async stop() {
      await stopBot();
      await connector.close();
      if (ownsDataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
