import { FakeArmError, notFound, type Reply } from './fake-arm-state';
import { resourceId, type HostedResource } from './hosting-state';
import { group, obj, str, type RouteContext } from './route';

/** A location is required on every tracked resource; ARM's wording. */
export function requireLocation(body: Record<string, unknown>): string {
  const location = str(body.location);
  if (!location) {
    throw new FakeArmError(400, {
      code: 'LocationRequired',
      message: 'The location property is required for this definition.',
    });
  }
  return location.toLowerCase().replace(/\s+/g, '');
}

/** A GET of a resource created with an in-progress state moves it on; the last one finishes. */
export function advanceOnGet(r: HostedResource, done: string, field = 'provisioningState'): void {
  if (r.getsUntilReady === undefined) return;
  r.getsUntilReady -= 1;
  if (r.getsUntilReady > 0) return;
  delete r.getsUntilReady;
  obj(r.body.properties)[field] = done;
}

/** `GET .../resourceGroups/{rg}/providers/{ns}/{type}`: the group's resources of one type. */
export const listInGroup =
  (type: string) =>
  (ctx: RouteContext): Reply => {
    const rg = ctx.state.requireResourceGroup(group(ctx.m, 2)).name.toLowerCase();
    const value = ctx.state.hosting
      .list(type)
      .filter((r) => r.rg.toLowerCase() === rg)
      .map((r) => r.body);
    return { status: 200, body: { value } };
  };

/** `GET .../{parent}/{children}`: the children of one parent, 404 when the parent is missing. */
export function listChildren(
  ctx: RouteContext,
  parentId: string,
  type: string,
  missing: () => Error,
): Reply {
  if (!ctx.state.hosting.get(parentId)) throw missing();
  const value = ctx.state.hosting.list(type, parentId).map((r) => r.body);
  return { status: 200, body: { value } };
}

/** A top-level resource addressed by `.../resourceGroups/{rg}/providers/{type}/{name}`. */
export interface Addressed {
  rg: string;
  name: string;
  id: string;
  existing: HostedResource | undefined;
}

/**
 * The common shape of a tracked resource's routes: GET answers the stored body (404 when
 * absent), DELETE answers 204 when absent and by default removes it with 200; PUT is the
 * provider's own.
 */
export function hosted(
  ctx: RouteContext,
  type: string,
  on: {
    put(a: Addressed): Reply;
    del?(a: Addressed & { existing: HostedResource }): Reply;
    get?(r: HostedResource): void;
  },
): Reply {
  const [rg, name] = [group(ctx.m, 2), group(ctx.m, 3)];
  const id = resourceId(ctx.state.subscriptionId, rg, type, name);
  const existing = ctx.state.hosting.get(id);
  if (ctx.method === 'GET') {
    if (!existing) throw notFound(type, name);
    on.get?.(existing);
    return { status: 200, body: existing.body };
  }
  if (ctx.method === 'DELETE') {
    if (!existing) return { status: 204 };
    if (on.del) return on.del({ rg, name, id, existing });
    ctx.state.hosting.remove(id);
    return { status: 200 };
  }
  return on.put({ rg, name, id, existing });
}
