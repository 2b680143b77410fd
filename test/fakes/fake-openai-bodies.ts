import type { FilterCategory } from './fake-openai';

/*
 * The Azure OpenAI data plane's bodies the fake answers with, as the service writes them
 * (reference azure-arm-openai.md §6): errors, content-filter results and the model list.
 */

/** The account's base models as Models - List shows them (a short list is enough for `status`). */
export const AZURE_MODELS = [
  {
    id: 'gpt-4o-mini',
    object: 'model',
    created_at: 1721174400,
    status: 'succeeded',
    capabilities: { chat_completion: true, completion: false, embeddings: false },
    lifecycle_status: 'generally-available',
  },
  {
    id: 'text-embedding-3-small',
    object: 'model',
    created_at: 1705968000,
    status: 'succeeded',
    capabilities: { chat_completion: false, completion: false, embeddings: true },
    lifecycle_status: 'generally-available',
  },
];

export const AZURE_401 = {
  error: {
    code: '401',
    message:
      'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.',
  },
};
export const DEPLOYMENT_NOT_FOUND = {
  error: {
    code: 'DeploymentNotFound',
    message:
      'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.',
  },
};
const SAFE = { filtered: false, severity: 'safe' };
export const DETECTED_NONE = { filtered: false, detected: false };

export function severityResults(hit?: string): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  for (const c of ['hate', 'self_harm', 'sexual', 'violence']) {
    r[c] = c === hit ? { filtered: true, severity: 'high' } : SAFE;
  }
  return r;
}

export function promptFilterBody(category: FilterCategory): Record<string, unknown> {
  return {
    error: {
      message:
        "The response was filtered due to the prompt triggering Azure OpenAI's content management policy. Please modify your prompt and retry. To learn more about our content filtering policies please read our documentation: https://go.microsoft.com/fwlink/?linkid=2198766",
      type: null,
      param: 'prompt',
      code: 'content_filter',
      status: 400,
      innererror: {
        code: 'ResponsibleAIPolicyViolation',
        content_filter_result: {
          ...severityResults(category),
          jailbreak: category === 'jailbreak' ? { filtered: true, detected: true } : DETECTED_NONE,
        },
      },
    },
  };
}

export function rateLimitBody(
  apiVersion: string | undefined,
  seconds: number,
): Record<string, unknown> {
  return {
    error: {
      code: '429',
      message: `Requests to the ChatCompletions_Create Operation under Azure OpenAI API version ${apiVersion ?? '2024-10-21'} have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after ${seconds} seconds. Please go here: https://aka.ms/oai/quotaincrease if you would like to further increase the default rate limit.`,
    },
  };
}
