import { z } from 'zod';
import { csv, optionalString } from './env-fields';

/**
 * Link unfurling and compose-box search (Teams message extension). src/config/index.ts spreads
 * `unfurlEnvShape` into its schema; the package build reads the domains through
 * `loadUnfurlDomains` so a missing bot password does not stop it.
 */

/** A host (`mlflow.contoso.com`, `127.0.0.1:5000`) or a wildcard (`*.azuredatabricks.net`). */
const DOMAIN =
  /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*(:\d{1,5})?$/i;

export const unfurlEnvShape = {
  // On by default: unfurling only reads, and an operator who does not want the bot's
  // credentials used for anyone who can see a conversation switches it off here.
  UNFURL_ENABLED: optionalString
    .refine(
      (v) => v === undefined || ['true', 'false'].includes(v.toLowerCase()),
      'must be true or false',
    )
    .transform((v) => v === undefined || v.toLowerCase() === 'true'),
  // Off by default: before the app is installed in a chat the bot cannot tell who is asking, so
  // it shows only names and states unless the operator decides every viewer may see the rest.
  UNFURL_ANONYMOUS_DETAILS: optionalString
    .refine(
      (v) => v === undefined || ['true', 'false'].includes(v.toLowerCase()),
      'must be true or false',
    )
    .transform((v) => v?.toLowerCase() === 'true'),
  UNFURL_DOMAINS: csv.refine(
    (list) => list.every((d) => DOMAIN.test(d)),
    'must be host names separated by commas (mlflow.contoso.com, *.azuredatabricks.net)',
  ),
};

/** The URLs whose hosts unfurl without being listed in UNFURL_DOMAINS. */
export interface UnfurlSources {
  MLFLOW_TRACKING_URI: string | undefined;
  MLFLOW_UI_URL: string | undefined;
  DATABRICKS_HOST: string | undefined;
}

type Parsed = UnfurlSources & {
  [K in keyof typeof unfurlEnvShape]: z.output<(typeof unfurlEnvShape)[K]>;
};

export interface UnfurlConfig {
  readonly enabled: boolean;
  /**
   * Lower-case hosts links may come from: `host:port` entries match exactly, bare names match
   * any port, `*.domain` any subdomain.
   */
  readonly domains: readonly string[];
  /** Whether an anonymous (zero-install) unfurl may show params, metrics and users. */
  readonly anonymousDetails: boolean;
}

function hostOf(url: string | undefined): string | undefined {
  if (!url || !URL.canParse(url)) return undefined;
  const u = new URL(url);
  return u.protocol === 'http:' || u.protocol === 'https:' ? u.host.toLowerCase() : undefined;
}

/** Configured hosts first, then UNFURL_DOMAINS, without repeats. */
export function unfurlDomainsFrom(e: UnfurlSources & { UNFURL_DOMAINS: string[] }): string[] {
  const hosts = [e.MLFLOW_TRACKING_URI, e.MLFLOW_UI_URL, e.DATABRICKS_HOST].map(hostOf);
  return [
    ...new Set(
      [...hosts, ...e.UNFURL_DOMAINS.map((d) => d.toLowerCase())].filter(
        (h): h is string => h !== undefined,
      ),
    ),
  ];
}

export function unfurlConfigFrom(e: Parsed): UnfurlConfig {
  return {
    enabled: e.UNFURL_ENABLED,
    domains: unfurlDomainsFrom(e),
    anonymousDetails: e.UNFURL_ANONYMOUS_DETAILS,
  };
}

/**
 * The manifest's `messageHandlers` domains, for the package build: host names without ports
 * (the manifest has no place for one), none when UNFURL_ENABLED is false.
 */
export function loadUnfurlDomains(env: NodeJS.ProcessEnv = process.env): string[] {
  const schema = z.object({
    MLFLOW_TRACKING_URI: optionalString,
    MLFLOW_UI_URL: optionalString,
    DATABRICKS_HOST: optionalString,
    ...unfurlEnvShape,
  });
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join('.')}: ${issue?.message}`);
  }
  if (!parsed.data.UNFURL_ENABLED) return [];
  return [...new Set(unfurlDomainsFrom(parsed.data).map((d) => d.replace(/:\d+$/, '')))];
}
