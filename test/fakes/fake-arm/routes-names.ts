import type { FakeArmState, Reply } from './fake-arm-state';
import { path, str, SUB, type Route, type RouteContext } from './route';

/** The global namespaces `azure up` checks before it creates anything. */
const KINDS = {
  site: { type: 'Microsoft.Web/sites', taken: 'sites' },
  postgres: { type: 'Microsoft.DBforPostgreSQL/flexibleServers', taken: 'postgres' },
  bot: { type: 'Microsoft.BotService/botServices', taken: 'bots' },
} as const;

/** Taken by another customer, or by any resource of that type in this fake. */
function isTaken(s: FakeArmState, kind: keyof typeof KINDS, name: string): boolean {
  const n = name.toLowerCase();
  const k = KINDS[kind];
  return (
    s.hosting.taken[k.taken].has(n) ||
    s.hosting.list(k.type).some((r) => r.name.toLowerCase() === n)
  );
}

const nameOf = (ctx: RouteContext) => str(ctx.body.name) ?? '';

/** Name checks of the three providers, each in its own reply shape (REST references). */
export const nameRoutes: Route[] = [
  {
    // App Service: ResourceNameAvailability.
    methods: ['POST'],
    pattern: path(`${SUB}/providers/Microsoft.Web/checknameavailability`),
    apiVersions: ['2025-05-01', '2024-11-01', '2024-04-01'],
    handle: (ctx): Reply => {
      const taken = isTaken(ctx.state, 'site', nameOf(ctx));
      return {
        status: 200,
        body: taken
          ? {
              nameAvailable: false,
              reason: 'AlreadyExists',
              message: `Hostname '${nameOf(ctx)}' already exists. Please select a different name.`,
            }
          : { nameAvailable: true },
      };
    },
  },
  {
    // PostgreSQL flexible server: NameAvailability (checkGlobally).
    methods: ['POST'],
    pattern: path(`${SUB}/providers/Microsoft.DBforPostgreSQL/checkNameAvailability`),
    apiVersions: ['2025-08-01', '2024-08-01'],
    handle: (ctx): Reply => {
      const taken = isTaken(ctx.state, 'postgres', nameOf(ctx));
      return {
        status: 200,
        body: {
          name: nameOf(ctx),
          type: KINDS.postgres.type,
          nameAvailable: !taken,
          ...(taken
            ? { reason: 'AlreadyExists', message: 'Specified server name is already used.' }
            : {}),
        },
      };
    },
  },
  {
    // Azure Bot: a tenant-level route (no subscription) answering {valid, message, absCode}.
    methods: ['POST'],
    pattern: path('^/providers/Microsoft.BotService/checkNameAvailability'),
    apiVersions: ['2022-09-15'],
    handle: (ctx): Reply => {
      const taken = isTaken(ctx.state, 'bot', nameOf(ctx));
      return {
        status: 200,
        body: taken
          ? { valid: false, message: 'Bot with this handle already exists.', absCode: 'Conflict' }
          : { valid: true, message: '', absCode: '' },
      };
    },
  },
];
