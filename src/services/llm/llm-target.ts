import type { Config } from '../../config';

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

/** A target with the key that opens it; only the LLM service holds these. */
export interface ConfiguredTarget {
  readonly target: LlmTarget;
  readonly apiKey: string;
}

/**
 * Builds the targets the configuration fully describes (endpoint, key and model all present).
 * A half-configured target is left out rather than failing at the first prompt.
 */
export function targetsFromConfig(config: Readonly<Config>): ConfiguredTarget[] {
  const out: ConfiguredTarget[] = [];
  const aoai = config.azureOpenAI;
  if (aoai.endpoint && aoai.apiKey && aoai.deployment) {
    out.push({
      target: {
        name: 'azure',
        kind: 'azure-openai',
        baseUrl: aoai.endpoint,
        model: aoai.deployment,
        apiVersion: aoai.apiVersion,
      },
      apiKey: aoai.apiKey,
    });
  }
  const dbx = config.databricks;
  if (dbx.host && dbx.token && config.llm.servingEndpoint) {
    out.push({
      target: {
        name: 'databricks',
        kind: 'databricks-serving',
        baseUrl: dbx.host,
        model: config.llm.servingEndpoint,
      },
      apiKey: dbx.token,
    });
  }
  const oai = config.openAI;
  if (oai.baseUrl && oai.apiKey && config.llm.openAIModel) {
    out.push({
      target: {
        name: 'openai',
        kind: 'openai-compatible',
        baseUrl: oai.baseUrl,
        model: config.llm.openAIModel,
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
