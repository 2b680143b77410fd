import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config';

describe('MLFLOW_WATCH_CRON', () => {
  it('defaults to every minute', () => {
    expect(loadConfig({}).mlflowWatch.cron).toBe('* * * * *');
    expect(loadConfig({ MLFLOW_WATCH_CRON: '  ' }).mlflowWatch.cron).toBe('* * * * *');
  });

  it('accepts node-cron with an optional seconds field', () => {
    expect(loadConfig({ MLFLOW_WATCH_CRON: '*/30 * * * * *' }).mlflowWatch.cron).toBe(
      '*/30 * * * * *',
    );
    expect(loadConfig({ MLFLOW_WATCH_CRON: '*/5 * * * *' }).mlflowWatch.cron).toBe('*/5 * * * *');
  });

  it('rejects what node-cron cannot run, naming the variable', () => {
    let error: unknown;
    try {
      loadConfig({ MLFLOW_WATCH_CRON: 'every minute' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect(String((error as Error).message)).toContain('MLFLOW_WATCH_CRON');
  });
});
