import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../src/dialogs/parse-command';
import { splitRunsArgs } from '../../../src/dialogs/runs';

describe('splitRunsArgs', () => {
  it.each([
    ['', {}],
    ['churn', { experiment: 'churn' }],
    ['42', { experiment: '42' }],
    ['/Shared/team/churn', { experiment: '/Shared/team/churn' }],
    [
      "churn metrics.rmse < 1 and params.model = 'xgb'",
      { experiment: 'churn', filter: "metrics.rmse < 1 and params.model = 'xgb'" },
    ],
    ['"my churn" metrics.rmse<1', { experiment: 'my churn', filter: 'metrics.rmse<1' }],
    ['metrics.rmse < 1', { filter: 'metrics.rmse < 1' }],
    ["params.model = 'xgb'", { filter: "params.model = 'xgb'" }],
    ["attributes.status = 'FAILED'", { filter: "attributes.status = 'FAILED'" }],
    ['`metrics`.`f1 score` > 0.5', { filter: '`metrics`.`f1 score` > 0.5' }],
    ["status = 'FAILED'", { filter: "status = 'FAILED'" }],
  ])('%j → %j', (rest, expected) => {
    expect(splitRunsArgs(rest)).toEqual(expected);
  });

  it('gets the filter with comparison operators intact from a Teams message', () => {
    const args = parseCommand('<at>LLMOps Bot</at> runs churn metrics.rmse &lt; 1');
    expect(splitRunsArgs(args.rest)).toEqual({ experiment: 'churn', filter: 'metrics.rmse < 1' });
  });
});
