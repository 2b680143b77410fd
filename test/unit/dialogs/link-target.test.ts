import { describe, expect, it } from 'vitest';
import { hostAllowed, parseLinkTarget } from '../../../src/dialogs/link-target';

const RUN = '3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7';
const DOMAINS = ['mlflow.contoso.com', '127.0.0.1:5000', 'adb-1.11.azuredatabricks.net'];

describe('parseLinkTarget', () => {
  it('reads open-source MLflow run and experiment links, with any path prefix or tab', () => {
    expect(
      parseLinkTarget(`https://mlflow.contoso.com/#/experiments/3/runs/${RUN}`, DOMAINS),
    ).toEqual({ kind: 'run', experimentId: '3', runId: RUN });
    expect(
      parseLinkTarget(
        `http://127.0.0.1:5000/mlflow/#/experiments/3/runs/${RUN}/artifacts`,
        DOMAINS,
      ),
    ).toEqual({ kind: 'run', experimentId: '3', runId: RUN });
    expect(
      parseLinkTarget('https://mlflow.contoso.com/#/experiments/12?searchFilter=x', DOMAINS),
    ).toEqual({ kind: 'experiment', experimentId: '12' });
  });

  it('reads Databricks workspace links, new and legacy (#mlflow), with ?o=', () => {
    const host = 'https://adb-1.11.azuredatabricks.net';
    expect(parseLinkTarget(`${host}/ml/experiments/77/runs/${RUN}?o=11`, DOMAINS)).toEqual({
      kind: 'run',
      experimentId: '77',
      runId: RUN,
    });
    expect(parseLinkTarget(`${host}/ml/experiments/77/`, DOMAINS)).toEqual({
      kind: 'experiment',
      experimentId: '77',
    });
    expect(parseLinkTarget(`${host}/?o=11#mlflow/experiments/77/runs/${RUN}`, DOMAINS)).toEqual({
      kind: 'run',
      experimentId: '77',
      runId: RUN,
    });
    expect(parseLinkTarget(`${host}/ml/endpoints/llm-chat?o=11`, DOMAINS)).toEqual({
      kind: 'endpoint',
      name: 'llm-chat',
    });
  });

  it('ignores foreign hosts, other ports, other pages and non-URLs', () => {
    expect(
      parseLinkTarget(`https://evil.example/#/experiments/3/runs/${RUN}`, DOMAINS),
    ).toBeUndefined();
    expect(parseLinkTarget(`http://127.0.0.1:5001/#/experiments/3`, DOMAINS)).toBeUndefined();
    expect(parseLinkTarget('https://mlflow.contoso.com/#/models/churn', DOMAINS)).toBeUndefined();
    expect(
      parseLinkTarget('https://adb-1.11.azuredatabricks.net/compute/clusters', DOMAINS),
    ).toBeUndefined();
    expect(parseLinkTarget('ftp://mlflow.contoso.com/#/experiments/3', DOMAINS)).toBeUndefined();
    expect(parseLinkTarget('not a url', DOMAINS)).toBeUndefined();
    expect(
      parseLinkTarget('https://mlflow.contoso.com/#/experiments/%E0%A4%A', DOMAINS),
    ).toBeUndefined();
  });
});

describe('hostAllowed', () => {
  it('matches exact hosts, any port for bare names, and wildcard subdomains only', () => {
    const url = (u: string) => new URL(u);
    expect(hostAllowed(url('https://MLflow.Contoso.com:8443/'), ['mlflow.contoso.com'])).toBe(true);
    expect(hostAllowed(url('https://a.azuredatabricks.net/'), ['*.azuredatabricks.net'])).toBe(
      true,
    );
    expect(hostAllowed(url('https://azuredatabricks.net/'), ['*.azuredatabricks.net'])).toBe(false);
    expect(hostAllowed(url('https://xazuredatabricks.net/'), ['*.azuredatabricks.net'])).toBe(
      false,
    );
    expect(hostAllowed(url('http://127.0.0.1:5000/'), ['127.0.0.1:5001'])).toBe(false);
  });
});
