import { dbxError, ok, type FakeDatabricks, type FakeResponse } from './fake-databricks';
import type { FakeSecretsState } from './secrets';
import { installServingDataPlane, type FakeInferenceRow } from './serving-data-plane';
import { defaultRoutes, entityName, trafficProblem, type FakeRoute } from './serving-traffic';

type Wire = Record<string, unknown>;

/** A config as the wire shows it; `traffic_config` is always filled in, as Databricks does. */
export interface FakeConfig {
  config_version: number;
  served_entities: Wire[];
  /** Filled in by every update; optional so a test can seed an endpoint without one. */
  traffic_config?: { routes: FakeRoute[] };
}

/** One endpoint as the fake stores it, in wire shape. */
export interface FakeEndpoint {
  name: string;
  ready: 'READY' | 'NOT_READY';
  configUpdate: 'NOT_UPDATING' | 'IN_PROGRESS' | 'UPDATE_FAILED' | 'UPDATE_CANCELED';
  /** The live config (absent until the first update succeeds). */
  config: FakeConfig | undefined;
  pending: FakeConfig | undefined;
  /** `last_updated_timestamp`: when the live config last changed (epoch ms). */
  updatedAt?: number;
  aiGateway: Wire;
  tags: Wire[];
  /** GETs left until the pending update settles. */
  pollsLeft: number;
  /** How the pending update ends. */
  outcome: 'READY' | 'UPDATE_FAILED';
  failureMessage: string;
}

export interface FakeServingOptions {
  /** GETs an update stays IN_PROGRESS before it settles (default 2). */
  pollsToSettle?: number;
  /** When given, external-model key references must name an existing secret. */
  secrets?: FakeSecretsState;
  /** fake-openai URL: READY endpoints answer `/serving-endpoints/chat/completions` through it. */
  dataPlaneUrl?: string;
  /** Bearer the data plane expects (default the fake's PAT). */
  dataPlaneToken?: string;
  /** Seed of the split's draws (default 1): the same seed routes the same requests alike. */
  seed?: number;
  /** The clock of `last_updated_timestamp` and inference rows (default Date.now). */
  now?: () => number;
}

export interface FakeServingState {
  endpoints: Map<string, FakeEndpoint>;
  /** The next update (create or config change) ends this way; later ones go back to READY. */
  failNextUpdate(message: string): void;
  /** While true, updates stay IN_PROGRESS however often they are polled. */
  hold: boolean;
  /** Every data-plane request, one AI Gateway inference-table row each (with `served_entity_id`). */
  inferenceRows: FakeInferenceRow[];
  /** Restarts the split's draws from `seed`. */
  reseed(seed: number): void;
  /**
   * Answers for one served entity instead of the model behind it (a slow or wrong candidate);
   * return undefined to let the request through. Keyed by entity name.
   */
  answerAs: Map<string, (body: Wire) => FakeResponse | undefined>;
}

const NAME = /^[A-Za-z0-9_-]{1,63}$/;

const SECRET_REF = /^\{\{secrets\/([^/]+)\/([^/}]+)\}\}$/;

/**
 * Model Serving (reference §3) with its state machine: create/update put the endpoint
 * IN_PROGRESS with a `pending_config` (config version n+1); after `pollsToSettle` GETs it
 * becomes READY (the pending config goes live) or UPDATE_FAILED with the entity's deployment
 * message. Changes while IN_PROGRESS get 409 RESOURCE_CONFLICT. The data plane stays in
 * fake-openai; READY endpoints are forwarded there.
 */
export function installServing(
  fake: FakeDatabricks,
  options: FakeServingOptions = {},
): FakeServingState {
  const endpoints = new Map<string, FakeEndpoint>();
  let failNext: string | undefined;
  const state: FakeServingState = {
    endpoints,
    failNextUpdate: (message) => {
      failNext = message;
    },
    hold: false,
    inferenceRows: [],
    reseed: () => undefined,
    answerAs: new Map(),
  };
  const now = options.now ?? Date.now;
  const polls = options.pollsToSettle ?? 2;

  const validate = (entities: unknown, traffic: unknown): string | undefined => {
    if (!Array.isArray(entities) || entities.length === 0) return 'served_entities is required';
    const problem = trafficProblem(entities as Wire[], traffic);
    if (problem) return problem;
    for (const e of entities as Wire[]) {
      const ext = (e.external_model ?? {}) as Wire;
      const oc = (ext.openai_config ?? {}) as Wire;
      if (ext.provider !== 'openai' || ext.task !== 'llm/v1/chat') {
        return 'external_model.provider must be openai and task llm/v1/chat';
      }
      for (const f of ['openai_api_base', 'openai_api_version', 'openai_deployment_name']) {
        if (typeof oc[f] !== 'string' || oc[f] === '') return `openai_config.${f} is required`;
      }
      if (oc.openai_api_type !== 'azure') return 'openai_api_type must be azure';
      if (oc.openai_api_key_plaintext !== undefined) return 'use a secret reference for the key';
      if (typeof oc.openai_api_key !== 'string' || !SECRET_REF.test(oc.openai_api_key)) {
        return 'openai_api_key must be a {{secrets/<scope>/<key>}} reference';
      }
    }
    return undefined;
  };

  const missingSecret = (entities: Wire[]): string | undefined => {
    if (!options.secrets) return undefined;
    for (const e of entities) {
      const oc = ((e.external_model as Wire).openai_config ?? {}) as Wire;
      const m = SECRET_REF.exec(String(oc.openai_api_key));
      if (m && !options.secrets.scopes.get(m[1] ?? '')?.has(m[2] ?? '')) {
        return `Secret ${m[1]}/${m[2]} does not exist or the creator cannot read it.`;
      }
    }
    return undefined;
  };

  const startUpdate = (ep: FakeEndpoint, entities: Wire[], traffic: unknown) => {
    const version = Math.max(ep.config?.config_version ?? 0, ep.pending?.config_version ?? 0) + 1;
    const named = entities.map((e) => ({ ...e, name: entityName(e) }));
    ep.pending = {
      config_version: version,
      served_entities: named.map((e) => ({
        ...e,
        state: { deployment: 'DEPLOYMENT_CREATING', deployment_state_message: 'Creating' },
      })),
      traffic_config: traffic
        ? (traffic as { routes: FakeRoute[] })
        : { routes: defaultRoutes(named.map((e) => e.name)) },
    };
    ep.configUpdate = 'IN_PROGRESS';
    ep.pollsLeft = polls;
    const secretProblem = missingSecret(entities);
    ep.outcome = failNext !== undefined || secretProblem ? 'UPDATE_FAILED' : 'READY';
    ep.failureMessage = failNext ?? secretProblem ?? '';
    failNext = undefined;
  };

  const settle = (ep: FakeEndpoint) => {
    if (ep.configUpdate !== 'IN_PROGRESS' || !ep.pending || state.hold) return;
    if (ep.pollsLeft-- > 0) return;
    if (ep.outcome === 'READY') {
      ep.config = {
        ...ep.pending,
        served_entities: ep.pending.served_entities.map((e) => ({
          ...e,
          state: { deployment: 'DEPLOYMENT_READY', deployment_state_message: '' },
        })),
      };
      ep.pending = undefined;
      ep.configUpdate = 'NOT_UPDATING';
      ep.ready = 'READY';
      ep.updatedAt = now();
    } else {
      ep.pending.served_entities = ep.pending.served_entities.map((e) => ({
        ...e,
        state: { deployment: 'DEPLOYMENT_FAILED', deployment_state_message: ep.failureMessage },
      }));
      ep.configUpdate = 'UPDATE_FAILED';
    }
  };

  const view = (ep: FakeEndpoint): Wire => ({
    name: ep.name,
    id: `ep-${ep.name}`,
    task: 'llm/v1/chat',
    state: { ready: ep.ready, config_update: ep.configUpdate },
    ...(ep.config ? { config: ep.config } : {}),
    ...(ep.pending ? { pending_config: ep.pending } : {}),
    ai_gateway: ep.aiGateway,
    tags: ep.tags,
    last_updated_timestamp: ep.updatedAt,
    creator: 'bot@contoso.com',
    permission_level: 'CAN_MANAGE',
  });

  const find = (name: string): FakeEndpoint | FakeResponse =>
    endpoints.get(name) ??
    dbxError(404, 'RESOURCE_DOES_NOT_EXIST', `Endpoint with name '${name}' does not exist.`);
  const busy = (ep: FakeEndpoint) =>
    dbxError(
      409,
      'RESOURCE_CONFLICT',
      `Endpoint ${ep.name} is currently being updated (config version ${ep.pending?.config_version ?? '?'} IN_PROGRESS). Please wait for the update to finish.`,
    );

  fake.route('POST', /^\/api\/2\.0\/serving-endpoints$/, (req) => {
    const name = typeof req.body.name === 'string' ? req.body.name : '';
    if (!NAME.test(name)) return dbxError(400, 'INVALID_PARAMETER_VALUE', 'Invalid endpoint name');
    if (endpoints.has(name)) {
      return dbxError(
        400,
        'RESOURCE_ALREADY_EXISTS',
        `Endpoint with name '${name}' already exists.`,
      );
    }
    const config = (req.body.config ?? {}) as Wire;
    const entities = config.served_entities;
    const problem = validate(entities, config.traffic_config);
    if (problem) return dbxError(400, 'INVALID_PARAMETER_VALUE', problem);
    const ep: FakeEndpoint = {
      name,
      ready: 'NOT_READY',
      configUpdate: 'NOT_UPDATING',
      config: undefined,
      pending: undefined,
      updatedAt: now(),
      aiGateway: (req.body.ai_gateway ?? {}) as Wire,
      tags: (req.body.tags ?? []) as Wire[],
      pollsLeft: 0,
      outcome: 'READY',
      failureMessage: '',
    };
    endpoints.set(name, ep);
    startUpdate(ep, entities as Wire[], config.traffic_config);
    return ok(view(ep));
  });

  fake.route('GET', /^\/api\/2\.0\/serving-endpoints$/, () =>
    ok({ endpoints: [...endpoints.values()].map(view) }),
  );

  fake.route('GET', /^\/api\/2\.0\/serving-endpoints\/([^/]+)$/, (req) => {
    const ep = find(req.params[0] ?? '');
    if ('status' in ep) return ep;
    settle(ep);
    return ok(view(ep));
  });

  fake.route('PUT', /^\/api\/2\.0\/serving-endpoints\/([^/]+)\/config$/, (req) => {
    const ep = find(req.params[0] ?? '');
    if ('status' in ep) return ep;
    if (ep.configUpdate === 'IN_PROGRESS') return busy(ep);
    const problem = validate(req.body.served_entities, req.body.traffic_config);
    if (problem) return dbxError(400, 'INVALID_PARAMETER_VALUE', problem);
    startUpdate(ep, req.body.served_entities as Wire[], req.body.traffic_config);
    return ok(view(ep));
  });

  fake.route('PUT', /^\/api\/2\.0\/serving-endpoints\/([^/]+)\/ai-gateway$/, (req) => {
    const ep = find(req.params[0] ?? '');
    if ('status' in ep) return ep;
    if (ep.configUpdate === 'IN_PROGRESS') return busy(ep);
    ep.aiGateway = req.body;
    return ok(req.body);
  });

  fake.route('DELETE', /^\/api\/2\.0\/serving-endpoints\/([^/]+)$/, (req) => {
    const ep = find(req.params[0] ?? '');
    if ('status' in ep) return ep;
    endpoints.delete(ep.name);
    return ok({});
  });

  installServingDataPlane(fake, state, {
    ...options,
    now,
    ...(options.dataPlaneUrl ? { dataPlaneUrl: options.dataPlaneUrl } : {}),
  });
  return state;
}
