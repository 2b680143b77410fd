type Wire = Record<string, unknown>;

/** An entity's name, or the one Databricks derives from an external model (`.`/`:` → `-`). */
export function entityName(e: Wire): string {
  if (typeof e.name === 'string' && e.name !== '') return e.name;
  const model = (e.external_model as Wire | undefined)?.name;
  return typeof model === 'string' ? model.replace(/[.:]/g, '-') : '';
}

export interface FakeRoute {
  served_entity_name: string;
  traffic_percentage: number;
}

/** Without `traffic_config` the fake splits evenly (the remainder to the first entity). */
export function defaultRoutes(names: readonly string[]): FakeRoute[] {
  const share = Math.floor(100 / names.length);
  return names.map((n, i) => ({
    served_entity_name: n,
    traffic_percentage: share + (i === 0 ? 100 - share * names.length : 0),
  }));
}

/**
 * Databricks' checks on a config's `traffic_config` (databricks-mlflow-api.md §3): unique entity
 * names, every route naming a served entity and every entity routed once, integer shares 0–100
 * summing to 100. The message is what the 400 INVALID_PARAMETER_VALUE carries.
 */
export function trafficProblem(entities: readonly Wire[], traffic: unknown): string | undefined {
  const names = entities.map(entityName);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup !== undefined) return `Served entity name '${dup}' is used more than once.`;
  if (traffic === undefined) return undefined;
  const routes = (traffic as { routes?: unknown }).routes;
  if (!Array.isArray(routes) || routes.length === 0) {
    return 'traffic_config.routes must list a route for every served entity.';
  }
  const seen = new Set<string>();
  let sum = 0;
  for (const r of routes as Wire[]) {
    const name = r.served_entity_name;
    if (typeof name !== 'string' || !names.includes(name)) {
      return `Served entity '${String(name)}' in traffic_config does not match any served entity of the config.`;
    }
    if (seen.has(name)) return `Served entity '${name}' has more than one route.`;
    seen.add(name);
    const pct = r.traffic_percentage;
    if (typeof pct !== 'number' || !Number.isInteger(pct) || pct < 0 || pct > 100) {
      return `traffic_percentage of '${name}' must be an integer between 0 and 100.`;
    }
    sum += pct;
  }
  const missing = names.find((n) => !seen.has(n));
  if (missing !== undefined) return `Served entity '${missing}' has no route in traffic_config.`;
  if (sum !== 100)
    return `The traffic_percentage values must add up to 100; they add up to ${sum}.`;
  return undefined;
}
