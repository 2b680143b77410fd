import { dbxError, ok, type FakeDatabricks, type FakeResponse } from './fake-databricks';
import type { FakeSecretsState } from './secrets';

type Wire = Record<string, unknown>;

/** One endpoint as the fake stores it, in wire shape. */
export interface FakeEndpoint {
  name: string;
  ready: 'READY' | 'NOT_READY';
  configUpdate: 'NOT_UPDATING' | 'IN_PROGRESS' | 'UPDATE_FAILED' | 'UPDATE_CANCELED';
  /** The live config (absent until the first update succeeds). */
  config: { config_version: number; served_entities: Wire[] } | undefined;
  pending: { config_version: number; served_entities: Wire[] } | undefined;
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
}

export interface FakeServingState {
  endpoints: Map<string, FakeEndpoint>;
  /** The next update (create or config change) ends this way; later ones go back to READY. */
  failNextUpdate(message: string): void;
  /** While true, updates stay IN_PROGRESS however often they are polled. */
  hold: boolean;
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
  };
  const polls = options.pollsToSettle ?? 2;

  const validate = (entities: unknown): string | undefined => {
    if (!Array.isArray(entities) || entities.length === 0) return 'served_entities is required';
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

  const startUpdate = (ep: FakeEndpoint, entities: Wire[]) => {
    const version = Math.max(ep.config?.config_version ?? 0, ep.pending?.config_version ?? 0) + 1;
    ep.pending = {
      config_version: version,
      served_entities: entities.map((e) => ({
        ...e,
        state: { deployment: 'DEPLOYMENT_CREATING', deployment_state_message: 'Creating' },
      })),
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
        config_version: ep.pending.config_version,
        served_entities: ep.pending.served_entities.map((e) => ({
          ...e,
          state: { deployment: 'DEPLOYMENT_READY', deployment_state_message: '' },
        })),
      };
      ep.pending = undefined;
      ep.configUpdate = 'NOT_UPDATING';
      ep.ready = 'READY';
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
    const entities = ((req.body.config ?? {}) as Wire).served_entities;
    const problem = validate(entities);
    if (problem) return dbxError(400, 'INVALID_PARAMETER_VALUE', problem);
    const ep: FakeEndpoint = {
      name,
      ready: 'NOT_READY',
      configUpdate: 'NOT_UPDATING',
      config: undefined,
      pending: undefined,
      aiGateway: (req.body.ai_gateway ?? {}) as Wire,
      tags: (req.body.tags ?? []) as Wire[],
      pollsLeft: 0,
      outcome: 'READY',
      failureMessage: '',
    };
    endpoints.set(name, ep);
    startUpdate(ep, entities as Wire[]);
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
    const problem = validate(req.body.served_entities);
    if (problem) return dbxError(400, 'INVALID_PARAMETER_VALUE', problem);
    startUpdate(ep, req.body.served_entities as Wire[]);
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

  fake.route('POST', /^\/serving-endpoints\/chat\/completions$/, async (req) => {
    const name = typeof req.body.model === 'string' ? req.body.model : '';
    const ep = endpoints.get(name);
    if (!ep || !options.dataPlaneUrl) {
      return dbxError(404, 'RESOURCE_DOES_NOT_EXIST', `Endpoint '${name}' does not exist.`);
    }
    if (ep.ready !== 'READY') {
      return dbxError(400, 'BAD_REQUEST', `Endpoint '${name}' is not ready.`);
    }
    const res = await fetch(`${options.dataPlaneUrl}/serving-endpoints/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${options.dataPlaneToken ?? 'dapi-test-token'}`,
      },
      body: JSON.stringify(req.body),
    });
    const headers: Record<string, string> = {};
    for (const h of ['retry-after', 'served-model-name', 'x-request-id']) {
      const v = res.headers.get(h);
      if (v !== null) headers[h] = v;
    }
    return { status: res.status, body: await res.json(), headers };
  });

  return state;
}
