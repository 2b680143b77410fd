import { FakeDatabricks } from '../fakes/fake-databricks/fake-databricks';
import { installSecrets, type FakeSecretsState } from '../fakes/fake-databricks/secrets';
import { installServing, type FakeServingState } from '../fakes/fake-databricks/serving';
import { startFakeOpenAI, type FakeOpenAI, type FakeOpenAIOptions } from '../fakes/fake-openai';
import { startMlflowServer, type MlflowTestServer } from './mlflow-server';

export interface DeployRigOptions {
  /** What the fake Azure OpenAI accepts (key, deployments, serving endpoints). */
  openAI: FakeOpenAIOptions;
  /** Polls before a serving update settles: 1 for quick tests, 2 to see the "updating" state. */
  pollsToSettle: number;
}

/** The peers every deploy test talks to: a real MLflow, fake Azure OpenAI, fake Databricks. */
export interface DeployRig {
  mlflowServer: MlflowTestServer;
  fakeAI: FakeOpenAI;
  dbx: FakeDatabricks;
  secrets: FakeSecretsState;
  serving: FakeServingState;
  stop(): Promise<void>;
}

/**
 * Starts the deploy peers on loopback; call from beforeAll with MLFLOW_SETUP_TIMEOUT_MS.
 * canary-evaluate.test.ts does not use it: it needs no MLflow and installs the SQL fake before start.
 */
export async function startDeployRig(options: DeployRigOptions): Promise<DeployRig> {
  const mlflowServer = await startMlflowServer();
  // Whatever started before a failure is stopped here, since afterAll only sees a whole rig.
  let fakeAI: FakeOpenAI | undefined;
  let dbx: FakeDatabricks | undefined;
  try {
    fakeAI = await startFakeOpenAI(options.openAI);
    dbx = new FakeDatabricks();
    const secrets = installSecrets(dbx);
    const serving = installServing(dbx, {
      secrets,
      dataPlaneUrl: fakeAI.url,
      pollsToSettle: options.pollsToSettle,
    });
    await dbx.start();
    const started = { fakeAI, dbx };
    return {
      mlflowServer,
      fakeAI,
      dbx,
      secrets,
      serving,
      stop: async () => {
        await started.dbx.stop();
        await started.fakeAI.close();
        await mlflowServer.stop();
      },
    };
  } catch (err) {
    await dbx?.stop().catch(() => undefined);
    await fakeAI?.close().catch(() => undefined);
    await mlflowServer.stop();
    throw err;
  }
}
