import { dbxError, ok, type FakeDatabricks } from './fake-databricks';

/** The secret store behind the fake: scope → key → value. Tests may read it; the bot cannot. */
export interface FakeSecretsState {
  scopes: Map<string, Map<string, string>>;
}

const KEY = /^[A-Za-z0-9_.-]{1,128}$/;

/**
 * Secrets API (reference §4): scopes/create (RESOURCE_ALREADY_EXISTS when present), put
 * (overwrites; scope must exist; key and size rules), list (never returns values), delete.
 */
export function installSecrets(fake: FakeDatabricks): FakeSecretsState {
  const state: FakeSecretsState = { scopes: new Map() };
  const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

  fake.route('POST', /^\/api\/2\.0\/secrets\/scopes\/create$/, (req) => {
    const scope = str(req.body.scope);
    if (!scope || !KEY.test(scope)) {
      return dbxError(400, 'INVALID_PARAMETER_VALUE', 'Scope name must match [A-Za-z0-9_.-]');
    }
    if (state.scopes.has(scope)) {
      return dbxError(400, 'RESOURCE_ALREADY_EXISTS', `Scope ${scope} already exists!`);
    }
    state.scopes.set(scope, new Map());
    return ok({});
  });

  fake.route('GET', /^\/api\/2\.0\/secrets\/scopes\/list$/, () =>
    ok({ scopes: [...state.scopes.keys()].map((name) => ({ name, backend_type: 'DATABRICKS' })) }),
  );

  fake.route('POST', /^\/api\/2\.0\/secrets\/put$/, (req) => {
    const scope = str(req.body.scope) ?? '';
    const key = str(req.body.key) ?? '';
    const value = str(req.body.string_value);
    const keys = state.scopes.get(scope);
    if (!keys) return dbxError(404, 'RESOURCE_DOES_NOT_EXIST', `Scope ${scope} does not exist!`);
    if (!KEY.test(key)) {
      return dbxError(400, 'INVALID_PARAMETER_VALUE', 'Key must match [A-Za-z0-9_.-]{1,128}');
    }
    if (value === undefined || (req.body.bytes_value !== undefined && value !== undefined)) {
      return dbxError(400, 'INVALID_PARAMETER_VALUE', 'Exactly one of string_value, bytes_value');
    }
    if (Buffer.byteLength(value) > 128 * 1024) {
      return dbxError(400, 'INVALID_PARAMETER_VALUE', 'Secret value exceeds 128 KB');
    }
    if (!keys.has(key) && keys.size >= 1000) {
      return dbxError(400, 'QUOTA_EXCEEDED', 'A scope holds at most 1000 secrets');
    }
    keys.set(key, value);
    return ok({});
  });

  fake.route('GET', /^\/api\/2\.0\/secrets\/list$/, (req) => {
    const scope = req.query.get('scope') ?? '';
    const keys = state.scopes.get(scope);
    if (!keys) return dbxError(404, 'RESOURCE_DOES_NOT_EXIST', `Scope ${scope} does not exist!`);
    return ok({
      secrets: [...keys.keys()].map((key) => ({ key, last_updated_timestamp: Date.now() })),
    });
  });

  fake.route('POST', /^\/api\/2\.0\/secrets\/delete$/, (req) => {
    const keys = state.scopes.get(str(req.body.scope) ?? '');
    const key = str(req.body.key) ?? '';
    if (!keys?.delete(key)) {
      return dbxError(404, 'RESOURCE_DOES_NOT_EXIST', `Secret ${key} does not exist!`);
    }
    return ok({});
  });

  fake.route('POST', /^\/api\/2\.0\/secrets\/scopes\/delete$/, (req) => {
    const scope = str(req.body.scope) ?? '';
    if (!state.scopes.delete(scope)) {
      return dbxError(404, 'RESOURCE_DOES_NOT_EXIST', `Scope ${scope} does not exist!`);
    }
    return ok({});
  });

  return state;
}
