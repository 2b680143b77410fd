import type { FakeServingState } from './serving';

/** One Azure OpenAI external-model entity in `served_entities` wire shape. */
function externalEntity(name: string, deployment: string, apiBase: string) {
  return {
    name,
    external_model: {
      name: deployment,
      provider: 'openai',
      task: 'llm/v1/chat',
      openai_config: {
        openai_api_type: 'azure',
        openai_api_base: apiBase,
        openai_api_version: '2024-10-21',
        openai_deployment_name: deployment,
        openai_api_key: '{{secrets/llmops/azure-openai-key}}',
      },
    },
  };
}

/**
 * Puts a READY endpoint running a canary into the fake, as `deploy --canary` leaves it, for
 * tests about what happens to a canary rather than how it is made. Entities are
 * `[entity name, Azure deployment]`; the candidate gets `percent` of the traffic.
 */
export function seedCanaryEndpoint(
  state: FakeServingState,
  o: {
    name: string;
    current: readonly [string, string];
    candidate: readonly [string, string];
    percent: number;
    apiBase: string;
    updatedAt: number;
  },
): void {
  state.endpoints.set(o.name, {
    name: o.name,
    ready: 'READY',
    configUpdate: 'NOT_UPDATING',
    config: {
      config_version: 2,
      served_entities: [
        externalEntity(o.current[0], o.current[1], o.apiBase),
        externalEntity(o.candidate[0], o.candidate[1], o.apiBase),
      ],
      traffic_config: {
        routes: [
          { served_entity_name: o.current[0], traffic_percentage: 100 - o.percent },
          { served_entity_name: o.candidate[0], traffic_percentage: o.percent },
        ],
      },
    },
    pending: undefined,
    updatedAt: o.updatedAt,
    aiGateway: {},
    tags: [],
    pollsLeft: 0,
    outcome: 'READY',
    failureMessage: '',
  });
}
