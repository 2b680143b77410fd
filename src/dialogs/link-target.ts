/**
 * Which MLflow or Databricks page a pasted link points at. Pure: the compose-box unfurl and
 * its tests read URLs without any server.
 */
export type LinkTarget =
  | { kind: 'run'; experimentId: string; runId: string }
  | { kind: 'experiment'; experimentId: string }
  | { kind: 'endpoint'; name: string };

/** True when `host` (a URL's host, maybe with port) is one of the configured domains. */
export function hostAllowed(url: URL, domains: readonly string[]): boolean {
  const host = url.host.toLowerCase();
  const name = url.hostname.toLowerCase();
  return domains.some((d) => {
    if (d.startsWith('*.')) return name.endsWith(d.slice(1)) && name.length > d.length - 1;
    return d.includes(':') ? d === host : d === name;
  });
}

const ID = '([A-Za-z0-9_-]{1,64})';
/** Experiment pages and their run pages; anything after them (tabs, artifacts) is ignored. */
const EXPERIMENT_PATH = new RegExp(`^/?experiments/${ID}(?:/runs/${ID})?(?:[/?].*)?$`);
/** Databricks endpoint names: letters, digits, `-` and `_`. */
const ENDPOINT_PATH = /^\/ml\/endpoints\/([A-Za-z0-9_-]{1,63})(?:\/.*)?$/;

/** A malformed escape (`%E0%A4%A`) leaves the text as it is rather than throwing. */
function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function fromExperimentPath(path: string): LinkTarget | undefined {
  const m = EXPERIMENT_PATH.exec(path);
  if (!m?.[1]) return undefined;
  return m[2]
    ? { kind: 'run', experimentId: m[1], runId: m[2] }
    : { kind: 'experiment', experimentId: m[1] };
}

/**
 * The target of an open-source MLflow link (`…/#/experiments/1/runs/<id>`, under any path
 * prefix), a Databricks workspace link (`/ml/experiments/…`, legacy `#mlflow/experiments/…`)
 * or a serving endpoint page (`/ml/endpoints/<name>`); undefined for anything else and for
 * hosts not in `domains`, so a foreign link is never fetched.
 */
export function parseLinkTarget(raw: string, domains: readonly string[]): LinkTarget | undefined {
  if (!URL.canParse(raw.trim())) return undefined;
  const url = new URL(raw.trim());
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (!hostAllowed(url, domains)) return undefined;
  const hash = safeDecode(url.hash.replace(/^#/, ''));
  if (hash.startsWith('/experiments/')) return fromExperimentPath(hash);
  if (hash.startsWith('mlflow/experiments/'))
    return fromExperimentPath(hash.slice('mlflow/'.length));
  const path = url.pathname.replace(/\/+$/, '');
  if (path.startsWith('/ml/experiments/')) return fromExperimentPath(path.slice('/ml/'.length));
  const endpoint = ENDPOINT_PATH.exec(path);
  return endpoint?.[1] ? { kind: 'endpoint', name: endpoint[1] } : undefined;
}
