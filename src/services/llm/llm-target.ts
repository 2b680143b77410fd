import type { TokenCredential } from '@azure/identity';

/** Which wire protocol and auth a target uses; all three speak OpenAI chat completions. */
export type LlmTargetKind = 'azure-openai' | 'databricks-serving' | 'openai-compatible';

/**
 * A place the bot can send a prompt, safe to show in chat: it never carries a credential, so
 * it can go into cards, logs and the inference log as is.
 */
export interface LlmTarget {
  /** What users type after `--target`: `azure`, `databricks` or `openai`. */
  readonly name: string;
  readonly kind: LlmTargetKind;
  /** Azure account endpoint, Databricks workspace host, or the OpenAI-compatible base URL. */
  readonly baseUrl: string;
  /** Azure deployment, Databricks serving endpoint name, or model id. */
  readonly model: string;
  /** Azure data-plane api-version (Azure only). */
  readonly apiVersion?: string;
}

/** Returns a fresh (or cached, still valid) Entra access token for Azure OpenAI. */
export type AccessTokenGetter = () => Promise<string>;

/**
 * A target with what opens it (a key, or for Azure OpenAI an Entra token getter); only the
 * LLM service holds these.
 */
export type ConfiguredTarget =
  | { readonly target: LlmTarget; readonly apiKey: string }
  | { readonly target: LlmTarget; readonly azureADTokenProvider: AccessTokenGetter };

/** The Entra scope of the Azure OpenAI data plane (Cognitive Services). */
export const COGNITIVE_SERVICES_SCOPE = 'https://cognitiveservices.azure.com/.default';

/**
 * The Azure OpenAI token getter over the bot's one shared credential. The credential is asked
 * for only at the first prompt (a bot that never calls Azure OpenAI never needs it), and the
 * provider caches the token until shortly before it expires.
 */
export function cognitiveServicesToken(credential: () => TokenCredential): AccessTokenGetter {
  let provider: AccessTokenGetter | undefined;
  return () => {
    if (!provider) {
      // @azure/identity is loaded at the first Entra prompt, not at start: it is large.
      const identity = require('@azure/identity') as typeof import('@azure/identity');
      provider = identity.getBearerTokenProvider(credential(), COGNITIVE_SERVICES_SCOPE);
    }
    return provider();
  };
}

/** What each kind of target needs; a kind with any part missing is left out. */
export interface LlmTargetOptions {
  readonly azureOpenAI: {
    readonly endpoint: string | undefined;
    readonly apiKey: string | undefined;
    readonly deployment: string | undefined;
    readonly apiVersion: string;
  };
  readonly databricks: {
    readonly host: string | undefined;
    readonly token: string | undefined;
    /** The serving endpoint prompts go to. */
    readonly servingEndpoint: string | undefined;
  };
  readonly openAI: {
    readonly baseUrl: string | undefined;
    readonly apiKey: string | undefined;
    readonly model: string | undefined;
  };
}

/**
 * Builds the targets the options fully describe (endpoint, key and model all present).
 * Azure OpenAI without a key uses `azureToken` (Entra, e.g. the bot's managed identity), as
 * key-less accounts (local auth disabled) require. A half-configured target is left out
 * rather than failing at the first prompt.
 */
export function configuredTargets(
  o: LlmTargetOptions,
  azureToken?: AccessTokenGetter,
): ConfiguredTarget[] {
  const out: ConfiguredTarget[] = [];
  const aoai = o.azureOpenAI;
  const auth = aoai.apiKey
    ? { apiKey: aoai.apiKey }
    : azureToken
      ? { azureADTokenProvider: azureToken }
      : undefined;
  if (aoai.endpoint && auth && aoai.deployment) {
    out.push({
      target: {
        name: 'azure',
        kind: 'azure-openai',
        baseUrl: aoai.endpoint,
        model: aoai.deployment,
        apiVersion: aoai.apiVersion,
      },
      ...auth,
    });
  }
  const dbx = o.databricks;
  if (dbx.host && dbx.token && dbx.servingEndpoint) {
    out.push({
      target: {
        name: 'databricks',
        kind: 'databricks-serving',
        baseUrl: dbx.host,
        model: dbx.servingEndpoint,
      },
      apiKey: dbx.token,
    });
  }
  const oai = o.openAI;
  if (oai.baseUrl && oai.apiKey && oai.model) {
    out.push({
      target: {
        name: 'openai',
        kind: 'openai-compatible',
        baseUrl: oai.baseUrl,
        model: oai.model,
      },
      apiKey: oai.apiKey,
    });
  }
  return out;
}

/** Where a target lives, for cards: `azure (chat @ https://x.openai.azure.com)`. */
export function describeTarget(t: LlmTarget): string {
  return `${t.name} (${t.model} @ ${new URL(t.baseUrl).host})`;
}
