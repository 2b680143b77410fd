import { describe, expect, it } from 'vitest';
import {
  buildEndpointUnfurl,
  buildExperimentUnfurl,
  buildRunUnfurl,
  type RunUnfurlView,
} from '../../../src/cards/unfurl-card';
import { CARD_BYTE_LIMIT, checkCard } from '../../support/card-validator';
import { cardText } from '../../support/teams-activities';

const TAKEN = Date.UTC(2026, 11, 6, 17, 30);

const runView = (over: Partial<RunUnfurlView> = {}): RunUnfurlView => ({
  runId: '3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7',
  name: 'xgb-tuned',
  status: 'FINISHED',
  experimentName: 'churn-model',
  startTime: TAKEN - 3_600_000,
  durationMs: 1_200_000,
  user: 'bob@contoso.com',
  link: 'https://mlflow.contoso.com/#/experiments/3/runs/3f2a9c0d4e5b6a7f8091a2b3c4d5e6f7',
  metrics: [
    { key: 'rmse', value: 0.5 },
    { key: 'accuracy', value: 0.85 },
  ],
  params: [
    { key: 'lr', value: '0.05' },
    { key: 'model', value: 'xgb' },
  ],
  ...over,
});

function valid(card: Record<string, unknown>): string {
  expect(card.version).toBe('1.3');
  const check = checkCard(card);
  expect(check.events).toEqual([]);
  expect(check.bytes).toBeLessThanOrEqual(CARD_BYTE_LIMIT);
  return cardText(card);
}

describe('unfurl cards', () => {
  it('a run: status, key metrics, params, when the data was read, a link back', () => {
    const { card, preview } = buildRunUnfurl(runView(), TAKEN, false);
    const text = valid(card);
    expect(text).toContain('Run · xgb-tuned');
    expect(text).toContain('✔ Finished · churn-model');
    expect(text).toContain('rmse');
    expect(text).toContain('Data as of {{DATE(2026-12-06T17:30:00Z, SHORT)}}');
    expect(JSON.stringify(card.actions)).toContain('Action.OpenUrl');
    expect(preview).toEqual({
      title: 'xgb-tuned',
      subtitle: '✔ Finished · churn-model',
      text: 'rmse 0.5 · accuracy 0.85',
    });
  });

  it('anonymous: name and status only', () => {
    const unfurl = buildRunUnfurl(runView(), TAKEN, true);
    valid(unfurl.card);
    const json = JSON.stringify(unfurl);
    for (const hidden of ['rmse', 'lr', 'bob@contoso.com', '0.85'])
      expect(json).not.toContain(hidden);
    expect(json).toContain('xgb-tuned');
  });

  it('stays small with thousands of long params and metrics', () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({
      key: `k${i}${'x'.repeat(200)}`,
      value: 'v'.repeat(6000),
    }));
    const { card } = buildRunUnfurl(
      runView({ params: many, metrics: many.map((m, i) => ({ key: m.key, value: i })) }),
      TAKEN,
      false,
    );
    const text = valid(card);
    expect(text).toContain('… 5984 more in MLflow');
  });

  it('an experiment and an endpoint, full and anonymous', () => {
    const experiment = buildExperimentUnfurl(
      {
        experimentId: '3',
        name: 'churn-model',
        link: 'https://mlflow.contoso.com/#/experiments/3',
        runs: [
          { runId: 'a', name: 'live', status: 'RUNNING', metric: { key: 'rmse', value: 1.2 } },
        ],
      },
      TAKEN,
      true,
    );
    expect(valid(experiment.card as unknown as Record<string, unknown>)).not.toContain('rmse');
    const view = {
      name: 'llm-chat',
      state: 'READY',
      configUpdate: 'NOT_UPDATING',
      configVersion: 3,
      served: [
        {
          entityName: 'gpt-4o-mini',
          modelName: 'gpt-4o-mini',
          deploymentState: 'DEPLOYMENT_READY',
        },
      ],
      lastDeploy: {
        startTime: TAKEN,
        status: 'FINISHED' as const,
        requester: 'Dana',
        link: 'https://x.example/r',
      },
      link: 'https://adb-1.azuredatabricks.net/ml/endpoints/llm-chat',
    };
    const full = valid(buildEndpointUnfurl(view, TAKEN, false).card);
    expect(full).toContain('Dana');
    const anonymous = JSON.stringify(buildEndpointUnfurl(view, TAKEN, true));
    expect(anonymous).toContain('READY');
    expect(anonymous).not.toContain('gpt-4o-mini');
  });
});
