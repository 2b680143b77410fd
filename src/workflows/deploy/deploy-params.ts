import { z } from 'zod';
import type { TypedOperation } from '../../platform/operations/operation';
import type { AuditRepository } from '../../platform/store/audit-repository';
import type { SecretsService } from '../../services/databricks/secrets';
import { type EndpointSpec, type ServingService } from '../../services/databricks/serving';
import { canaryParamsSchema } from './canary-params';
import type { DeploymentRecords } from './deployment-records';
import { translator, type Lang } from '../../chat/i18n';

export const DEPLOY_KIND = 'deploy';

const keyFromSchema = z.object({ resourceGroup: z.string(), account: z.string() });

/** What a deploy operation persists (never the key: it is read at the secret step). */
export const deployParamsSchema = z.object({
  model: z.object({
    endpoint: z.string(),
    modelName: z.string(),
    modelVersion: z.string().optional(),
    apiBase: z.string(),
    deploymentName: z.string(),
    apiVersion: z.string(),
    temperature: z.number(),
    /** `deploy --max-tokens`: recorded with the deployment; absent = the model's default. */
    maxTokens: z.number().int().positive().optional(),
  }),
  inferenceTable: z.object({ catalog: z.string(), schema: z.string() }).optional(),
  /** Set for a rollback: the MLflow run whose config is restored. */
  rollbackOf: z.string().optional(),
  requiredSuite: z.string().optional(),
  /**
   * Without AZURE_OPENAI_API_KEY: the Azure OpenAI account whose key1 the secret step reads
   * (names only; the key itself is fetched at run time and goes straight into the secret).
   */
  keyFrom: keyFromSchema.optional(),
  /** `deploy --canary` and `canary promote|rollback` (see canary-params.ts). */
  canary: canaryParamsSchema.optional(),
});
export type DeployParams = z.infer<typeof deployParamsSchema>;

/** Where a deploy without a configured key reads it: an account in the environment's RG. */
export type KeyFrom = z.infer<typeof keyFromSchema>;

export type DeployOperation = TypedOperation<DeployParams>;

/** A prompt suite that must pass first; `summary` is what the card and the error show. */
export type SuiteGate = (
  suite: string,
  op: DeployOperation,
) => Promise<{ passed: boolean; summary: string }>;

export interface DeployKindDeps {
  secrets: SecretsService;
  serving: ServingService;
  /** Undefined when no MLflow is configured: the record step is then skipped. */
  records: DeploymentRecords | undefined;
  /** Reads the Azure OpenAI key from configuration at the moment it is stored. */
  apiKey: () => string | undefined;
  /** Reads key1 of an Azure OpenAI account (ARM listKeys); undefined without Azure config. */
  accountKey?: (resourceGroup: string, account: string) => Promise<string>;
  secretScope: string;
  secretKey: string;
  environmentName: string;
  pollIntervalMs: number;
  timeoutMs: number;
  suiteGate?: SuiteGate;
  audit?: AuditRepository;
  now?: () => number;
}

/** The endpoint spec a deploy's params describe. */
export function specOf(p: DeployParams, scope: string, key: string): EndpointSpec {
  return {
    name: p.model.endpoint,
    modelName: p.model.modelName,
    apiBase: p.model.apiBase,
    deploymentName: p.model.deploymentName,
    apiVersion: p.model.apiVersion,
    secretScope: scope,
    secretKey: key,
    inferenceTable: p.inferenceTable,
  };
}

/**
 * Step titles, shared by the dialog (plan) and the kind (execution). The steps store the
 * English ones; a progress card in another language asks again with its `lang`.
 */
export function deployStepTitles(
  p: DeployParams,
  lang: Lang = 'en',
): { id: string; title: string }[] {
  const t = translator(lang);
  return [
    ...(p.requiredSuite
      ? [{ id: 'suite', title: t('deploy.steps.suite', { suite: p.requiredSuite }) }]
      : []),
    { id: 'secret', title: t('deploy.steps.secret') },
    p.canary?.action === 'start'
      ? { id: 'canary', title: t('deploy.steps.canary') }
      : { id: 'endpoint', title: t('deploy.steps.endpoint') },
    { id: 'wait', title: t('deploy.steps.wait') },
    { id: 'record', title: t('deploy.steps.record') },
  ];
}
