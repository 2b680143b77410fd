import { describe, expect, it } from 'vitest';
import {
  MLFLOW_SETUP_TIMEOUT_MS,
  MLFLOW_VERSION,
  startMlflowServer,
} from '../../support/mlflow-server';

describe('startMlflowServer', () => {
  it(
    'starts the pinned MLflow on loopback and stop() frees the port',
    async () => {
      const server = await startMlflowServer();
      let stopped = false;
      try {
        expect(new URL(server.url).hostname).toBe('127.0.0.1');
        const health = await fetch(`${server.url}/health`);
        expect(await health.text()).toBe('OK');
        const version = await fetch(`${server.url}/version`);
        expect(await version.text()).toBe(MLFLOW_VERSION);
        await server.stop();
        stopped = true;
        await expect(fetch(`${server.url}/health`)).rejects.toThrow();
      } finally {
        if (!stopped) await server.stop();
      }
    },
    MLFLOW_SETUP_TIMEOUT_MS,
  );
});
