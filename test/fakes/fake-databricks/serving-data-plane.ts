import { dbxError, type FakeDatabricks, type FakeResponse } from './fake-databricks';
import type { FakeEndpoint, FakeServingState } from './serving';
import { defaultRoutes, entityName } from './serving-traffic';
import { seeded } from '../../support/seeded';

type Wire = Record<string, unknown>;

/** One AI Gateway inference-table row (databricks-mlflow-api.md §3), as the fake records it. */
export interface FakeInferenceRow {
  databricks_request_id: string;
  client_request_id: string | null;
  /** Arrival time, epoch ms (TIMESTAMP in the table). */
  request_time: number;
  /** UTC date `YYYY-MM-DD` of request_time. */
  request_date: string;
  status_code: number;
  sampling_fraction: number;
  execution_duration_ms: number;
  request: string;
  response: string | null;
  logging_error_codes: string[] | null;
  served_entity_id: string;
  requester: string;
}

/**
 * The id the fake gives a served entity in inference rows. Databricks uses an opaque id (joined
 * to names through `system.serving.served_entities`); the fake's is stable and readable.
 */
export const fakeServedEntityId = (endpoint: string, entity: string): string =>
  `se-${endpoint}-${entity}`;

export interface DataPlaneOptions {
  dataPlaneUrl?: string;
  dataPlaneToken?: string;
  seed?: number;
  now: () => number;
}

/**
 * The serving data plane: the OpenAI-compatible `/serving-endpoints/chat/completions` and
 * `/serving-endpoints/{name}/invocations` route each request to one served entity by the live
 * `traffic_config` (seeded draws), `/serving-endpoints/{name}/served-models/{entity}/invocations`
 * goes to the named entity. Answers come from fake-openai (or `state.answerAs`), carry header
 * `served-model-name` = the entity, and each request becomes an inference row.
 */
export function installServingDataPlane(
  fake: FakeDatabricks,
  state: FakeServingState,
  options: DataPlaneOptions,
): void {
  let draw = seeded(options.seed ?? 1);
  state.reseed = (seed) => {
    draw = seeded(seed);
  };
  let requestSeq = 0;

  const pick = (ep: FakeEndpoint): string => {
    const routes =
      ep.config?.traffic_config?.routes ??
      defaultRoutes((ep.config?.served_entities ?? []).map(entityName));
    let x = draw() * 100;
    for (const r of routes) {
      if (x < r.traffic_percentage) return r.served_entity_name;
      x -= r.traffic_percentage;
    }
    return routes.find((r) => r.traffic_percentage > 0)?.served_entity_name ?? '';
  };

  const upstream = async (ep: FakeEndpoint, body: Wire): Promise<FakeResponse> => {
    if (!options.dataPlaneUrl) {
      return dbxError(404, 'RESOURCE_DOES_NOT_EXIST', `Endpoint '${ep.name}' does not exist.`);
    }
    const res = await fetch(`${options.dataPlaneUrl}/serving-endpoints/chat/completions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${options.dataPlaneToken ?? 'dapi-test-token'}`,
      },
      body: JSON.stringify({ ...body, model: ep.name }),
    });
    const headers: Record<string, string> = {};
    for (const h of ['retry-after', 'x-request-id']) {
      const v = res.headers.get(h);
      if (v !== null) headers[h] = v;
    }
    return { status: res.status, body: await res.json(), headers };
  };

  const serve = async (name: string, entity: string | undefined, body: Wire) => {
    const ep = state.endpoints.get(name);
    if (!ep) return dbxError(404, 'RESOURCE_DOES_NOT_EXIST', `Endpoint '${name}' does not exist.`);
    if (ep.ready !== 'READY' || !ep.config) {
      return dbxError(400, 'BAD_REQUEST', `Endpoint '${name}' is not ready.`);
    }
    const served = entity ?? pick(ep);
    if (!ep.config.served_entities.some((e) => entityName(e) === served)) {
      return dbxError(
        404,
        'RESOURCE_DOES_NOT_EXIST',
        `Served entity '${served}' does not exist on endpoint '${name}'.`,
      );
    }
    const started = options.now();
    const answer = state.answerAs.get(served)?.(body) ?? (await upstream(ep, body));
    const seq = ++requestSeq;
    state.inferenceRows.push({
      databricks_request_id: `dbx-req-${seq}`,
      client_request_id: typeof body.client_request_id === 'string' ? body.client_request_id : null,
      request_time: started,
      request_date: new Date(started).toISOString().slice(0, 10),
      status_code: answer.status,
      sampling_fraction: 1,
      execution_duration_ms: Math.max(0, options.now() - started),
      request: JSON.stringify(body),
      response: answer.body === undefined ? null : JSON.stringify(answer.body),
      logging_error_codes: null,
      served_entity_id: fakeServedEntityId(name, served),
      requester: 'bot@contoso.com',
    });
    return { ...answer, headers: { ...answer.headers, 'served-model-name': served } };
  };

  fake.route('POST', /^\/serving-endpoints\/chat\/completions$/, (req) =>
    serve(typeof req.body.model === 'string' ? req.body.model : '', undefined, req.body),
  );
  fake.route('POST', /^\/serving-endpoints\/([^/]+)\/invocations$/, (req) =>
    serve(req.params[0] ?? '', undefined, req.body),
  );
  fake.route('POST', /^\/serving-endpoints\/([^/]+)\/served-models\/([^/]+)\/invocations$/, (req) =>
    serve(req.params[0] ?? '', req.params[1] ?? '', req.body),
  );
}
