import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../../src/config';
import {
  commonMetrics,
  configuredKeyMetrics,
  DEFAULT_MLFLOW_SETTINGS,
  editDistance,
  metricDirection,
  nearestNames,
  parseKeyMetrics,
  parseMetricDirections,
} from '../../../../src/services/mlflow/mlflow-settings';
import type { MlflowRun } from '../../../../src/services/mlflow/mlflow-types';

const runWith = (...keys: string[]): MlflowRun => ({
  info: {
    runId: 'r',
    runName: 'r',
    experimentId: '1',
    status: 'FINISHED',
    startTime: 0,
    endTime: 1,
    userId: undefined,
    artifactUri: undefined,
    lifecycleStage: 'active',
  },
  metrics: keys.map((key) => ({ key, value: 1, step: 0, timestamp: 0 })),
  params: [],
  tags: [],
});

describe('metricDirection', () => {
  it.each([
    ['loss', 'lower'],
    ['val_loss', 'lower'],
    ['RMSE', 'lower'],
    ['mae', 'lower'],
    ['error_rate', 'lower'],
    ['accuracy', 'higher'],
    ['f1', 'higher'],
  ] as const)('%s is %s-is-better by default', (metric, direction) => {
    expect(metricDirection(DEFAULT_MLFLOW_SETTINGS, metric)).toBe(direction);
  });

  it('lets configuration override the name rule', () => {
    const settings = { ...DEFAULT_MLFLOW_SETTINGS, metricDirections: { loss: 'higher' as const } };
    expect(metricDirection(settings, 'loss')).toBe('higher');
  });
});

describe('key metrics', () => {
  it('defaults to the metrics most runs have, ties by name', () => {
    const runs = [runWith('rmse', 'mae'), runWith('rmse', 'r2'), runWith('rmse', 'mae', 'x')];
    expect(commonMetrics(runs, 2)).toEqual(['rmse', 'mae']);
    expect(commonMetrics([], 3)).toEqual([]);
  });

  it('looks configuration up by experiment name, then id, then *', () => {
    const settings = {
      ...DEFAULT_MLFLOW_SETTINGS,
      keyMetrics: { churn: ['rmse'], '7': ['auc'], '*': ['loss'] },
    };
    expect(configuredKeyMetrics(settings, { name: 'churn', experimentId: '1' })).toEqual(['rmse']);
    expect(configuredKeyMetrics(settings, { name: 'fraud', experimentId: '7' })).toEqual(['auc']);
    expect(configuredKeyMetrics(settings, { name: 'other', experimentId: '9' })).toEqual(['loss']);
  });

  it('parses MLFLOW_KEY_METRICS and MLFLOW_METRIC_DIRECTIONS through loadConfig', () => {
    const config = loadConfig({
      MLFLOW_KEY_METRICS: 'churn=rmse, mae;/Shared/team/llm=loss',
      MLFLOW_METRIC_DIRECTIONS: 'perplexity=lower,bleu=HIGHER',
      MLFLOW_DEFAULT_EXPERIMENT: 'churn',
    });
    expect(config.mlflow.keyMetrics).toEqual({
      churn: ['rmse', 'mae'],
      '/Shared/team/llm': ['loss'],
    });
    expect(config.mlflow.metricDirections).toEqual({ perplexity: 'lower', bleu: 'higher' });
    expect(config.mlflow.defaultExperiment).toBe('churn');
  });

  it.each(['rmse', 'churn=', '=rmse'])('rejects key metrics %j', (text) => {
    expect(parseKeyMetrics(text)).toBeUndefined();
    expect(() => loadConfig({ MLFLOW_KEY_METRICS: text })).toThrow(/MLFLOW_KEY_METRICS/);
  });

  it.each(['loss', 'loss=down', '=lower'])('rejects directions %j', (text) => {
    expect(parseMetricDirections(text)).toBeUndefined();
    expect(() => loadConfig({ MLFLOW_METRIC_DIRECTIONS: text })).toThrow(
      /MLFLOW_METRIC_DIRECTIONS/,
    );
  });
});

describe('nearestNames', () => {
  const names = ['churn-model', 'churn-features', 'fraud-detection', '/Shared/team/forecast'];

  it('computes edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('same', 'SAME')).toBe(0);
  });

  it('suggests close names, closest first', () => {
    expect(nearestNames('churn-modle', names)).toEqual(['churn-model']);
    expect(nearestNames('churn', names)).toEqual(['churn-features', 'churn-model']);
    expect(nearestNames('fraud', names)).toEqual(['fraud-detection']);
  });

  it('matches the last segment of a Databricks workspace path', () => {
    expect(nearestNames('forecst', names)).toEqual(['/Shared/team/forecast']);
  });

  it('suggests nothing for an unrelated name', () => {
    expect(nearestNames('zzzzzzzz', names)).toEqual([]);
  });
});
