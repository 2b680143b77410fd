import { describe, expect, it } from 'vitest';
import type { TokenCredential } from '@azure/identity';
import { loadConfig } from '../../../../src/config';
import { serviceOptionsFrom } from '../../../../src/config/service-options';
import { createMlflowService } from '../../../../src/services/mlflow/create-mlflow-service';

const noCredential = (): TokenCredential => {
  throw new Error('no Azure credential in this test');
};
const run = { experimentId: '7', runId: 'r1' };
const connection = (env: Record<string, string>) => serviceOptionsFrom(loadConfig(env)).mlflow;

describe('createMlflowService', () => {
  it('is absent when neither MLflow nor Databricks is configured', () => {
    expect(createMlflowService(connection({}), noCredential)).toBeUndefined();
  });

  it('uses the open-source layout for MLFLOW_TRACKING_URI, with MLFLOW_UI_URL for links', () => {
    const mlflow = createMlflowService(
      connection({
        MLFLOW_TRACKING_URI: 'http://127.0.0.1:5000',
        MLFLOW_UI_URL: 'https://mlflow.contoso.com',
      }),
      noCredential,
    );
    expect(mlflow?.flavor).toBe('oss');
    expect(mlflow?.runLink(run)).toBe('https://mlflow.contoso.com/#/experiments/7/runs/r1');
  });

  it('uses the Databricks workspace host when only DATABRICKS_HOST is set', () => {
    const mlflow = createMlflowService(
      connection({
        DATABRICKS_HOST: 'https://adb-1.2.azuredatabricks.net',
        DATABRICKS_TOKEN: 'dapi-x',
      }),
      noCredential,
    );
    expect(mlflow?.flavor).toBe('databricks');
    expect(mlflow?.runLink(run)).toBe(
      'https://adb-1.2.azuredatabricks.net/ml/experiments/7/runs/r1',
    );
  });

  it('carries the run-card settings from configuration', () => {
    expect(
      serviceOptionsFrom(
        loadConfig({ MLFLOW_DEFAULT_EXPERIMENT: 'churn', MLFLOW_KEY_METRICS: '*=loss' }),
      ).mlflowSettings,
    ).toEqual({ defaultExperiment: 'churn', keyMetrics: { '*': ['loss'] }, metricDirections: {} });
  });
});
