// First: every module loaded after this one can come from the compile cache.
import './platform/compile-cache';
import type { TokenCredential } from '@azure/identity';
import { createAdapter, processActivity } from './bot/adapter';
import { ProactiveMessenger } from './bot/conversations';
import { loadChatBot } from './bot/load-chat-bot';
import { driftAlertMessages } from './cards/drift-alert-messages';
import { runNoticeMessages } from './cards/run-notice-messages';
import { ConfigError, loadConfig, loadDotEnv, type Config } from './config';
import { packageVersion } from './config/package-version';
import { serviceOptionsFrom } from './config/service-options';
import type { DialogServices } from './dialogs/dialog-services';
import { HealthService } from './platform/health/health-service';
import { createProbes } from './platform/health/probes';
import { StoreReadiness } from './platform/health/store-readiness';
import { createArmClients } from './services/azure/arm-clients';
import { newAzureCredential } from './services/azure/azure-credential';
import { groupMembership } from './services/graph/group-membership';
import { createLogger, type Logger } from './platform/logging/logger';
import { createMlflowService } from './services/mlflow/create-mlflow-service';
import { createRunWatch } from './workflows/run-watch/create-run-watch';
import { createDeploy } from './workflows/deploy/create-deploy';
import { createCanaryEvaluation } from './workflows/canary-eval/create-canary-evaluation';
import { createPrompting } from './workflows/prompting/create-prompting';
import { ChatIdleSweep } from './workflows/prompting/chat-idle-sweep';
import { createProvisioning } from './workflows/provisioning/create-provisioning';
import { registeredKinds } from './operation-kinds';
import { OperationRepository } from './platform/operations/operation-repository';
import { OperationRunner } from './platform/operations/operation-runner';
import { Outbox } from './platform/outbox/outbox';
import { OutboxDispatcher } from './platform/outbox/outbox-dispatcher';
import { newReplicaId } from './platform/replica-id';
import { OutboxRepository } from './platform/outbox/outbox-repository';
import { createDriftMonitoring } from './workflows/drift-monitor/create-drift-monitoring';
import { retrainKind, watchRetrainRun } from './workflows/drift-monitor/retrain-operation';
import { Scheduler } from './platform/scheduler/scheduler';
import { AuditRepository } from './platform/store/audit-repository';
import { ConversationRepository } from './platform/store/conversation-repository';
import { entraPassword, openStore } from './platform/store/open-store';
import { heapCompaction } from './platform/compact-heap';
import { createTelemetry } from './platform/telemetry/create-telemetry';
import { registerStoreGauges } from './platform/telemetry/store-gauges';
import { noTelemetry } from './platform/telemetry/telemetry';
import { startServer } from './server';

export const BOT_NAME = 'LLMOps Bot';

export interface RunningBot {
  url: string;
  config: Readonly<Config>;
  stop(): Promise<void>;
}

/**
 * The composition root: config → store → services → bot → HTTP server. Nothing else in the
 * program constructs these objects.
 */
export async function startBot(
  config: Readonly<Config>,
  log: Logger = createLogger(config.logLevel),
): Promise<RunningBot> {
  // First: the distro's instrumentations must be in place before the clients they watch exist.
  const service = { name: 'llmops-bot', version: packageVersion() };
  const telemetry = createTelemetry({ ...config.telemetry, service, log });
  // Clients get an observer only when someone listens: no wrapper around each call otherwise.
  const observer = telemetry === noTelemetry ? {} : { observer: telemetry };
  let credential: TokenCredential | undefined;
  const azureCredential = () => (credential ??= newAzureCredential(config.azure.authorityHost));
  const options = serviceOptionsFrom(config);
  const store = await openStore(
    options.store.kind === 'postgres' && options.store.entra
      ? { ...options.store, password: entraPassword(azureCredential) }
      : options.store,
    log,
  );
  registerStoreGauges(telemetry, store);
  const readiness = new StoreReadiness(store, log);
  const conversations = new ConversationRepository(store);
  const audit = new AuditRepository(store);
  const databricks = { ...options.databricks, azureCredential, ...observer };
  const health = new HealthService(
    createProbes({
      targets: config,
      store,
      azureCredential,
      timeoutMs: config.httpTimeoutMs,
      ...observer,
    }),
  );
  const adapter = createAdapter(config, log, telemetry);
  const messenger = new ProactiveMessenger(adapter, config.bot.appId ?? '', conversations, log);
  // Which bot process claims an outbox message, a scheduled slot or an operation step, among
  // replicas on one store.
  const replicaId = newReplicaId();
  const outboxRepo = new OutboxRepository(store);
  const dispatcher = new OutboxDispatcher(outboxRepo, messenger, log, { replicaId });
  const outbox = new Outbox(outboxRepo, dispatcher);
  const mlflow = createMlflowService(options.mlflow, azureCredential, observer.observer);
  const armClients = {
    ...options.armClients,
    onThrottled: () => telemetry.throttled('arm'),
  };
  // The provisioner's modules (about 15) load only when a subscription is configured.
  const azure = config.azure.subscriptionId
    ? new (await import('./services/azure/arm-provisioner.js')).ArmProvisioner(
        options.armProvisioning,
        () => createArmClients(armClients, azureCredential()),
      )
    : undefined;
  const provisioning = createProvisioning(config, { azure, databricks, audit });
  const deploy = createDeploy(config, {
    databricks,
    mlflow,
    prompting: () => prompting,
    audit,
    azure: provisioning?.azure,
  });
  const operationRepo = new OperationRepository(store);
  const prompting = createPrompting(config, {
    store,
    llmTargets: options.llmTargets,
    azureCredential,
    mlflow,
    log,
    ...observer,
  });
  const scheduler = new Scheduler(store, log.child({ component: 'scheduler' }), {
    replicaId,
    telemetry,
  });
  const drift = createDriftMonitoring({
    config,
    store,
    outbox,
    inferenceLog: prompting.inferenceLog,
    scheduler,
    databricks,
    render: driftAlertMessages,
    languageOf: (id) => conversations.languageOf(id),
    log,
    // `runner` is built below; the first click comes once the bot listens, long after.
    watchRun: (w) => watchRetrainRun(operationRepo, w).then(() => runner.nudge()),
  });
  const canaryEval = createCanaryEvaluation(config, {
    ...{ databricks, deploy, mlflow, prompting, audit, provisioning, operations: operationRepo },
    nudge: () => runner.nudge(),
    window: { scheduler, outbox, log, languageOf: (id) => conversations.languageOf(id) },
  });
  const operationKinds = [
    ...(await registeredKinds(deploy?.deps, provisioning?.deps, canaryEval)),
    retrainKind(drift.actions, config.drift.retrainPollMs),
  ];
  const runner = new OperationRunner(operationRepo, operationKinds, outbox, log, {
    replicaId,
    leaseMs: config.provisioning.operationLeaseMs,
    languageOf: (id) => conversations.languageOf(id),
  });
  const runWatch = createRunWatch({
    cron: config.mlflowWatch.cron,
    settings: options.mlflowSettings,
    store,
    mlflow,
    outbox,
    conversations,
    subscriptions: drift.subscriptions.repo,
    scheduler,
    render: runNoticeMessages,
    log,
  });
  drift.subscriptions.kinds.register(runWatch.kind);
  const { chatSessions: sessions, tracker } = prompting;
  const idle = { sessions, tracker, outbox, idleMs: config.llm.chatIdleTimeoutMs, log };
  scheduler.register(new ChatIdleSweep({ ...idle, conversations }).job());
  const services: DialogServices = {
    info: {
      name: BOT_NAME,
      version: packageVersion(),
      environmentName: config.environmentName,
      authEnabled: config.bot.appId !== undefined,
      adminsConfigured: config.admins.aadObjectIds.length + config.admins.groupIds.length > 0,
      configWarnings: config.warnings,
    },
    admins: config.admins,
    groups: groupMembership(config.admins.groupIds, {
      baseUrl: config.access.graphEndpoint,
      credential: azureCredential,
      ...observer,
    }),
    approvalsRequired: config.access.approvalsRequired,
    conversations,
    audit,
    health,
    outbox,
    operations: { repo: operationRepo, runner },
    mlflow,
    ...(deploy ? { deploy: deploy.services } : {}),
    ...(provisioning ? { azure: provisioning.azure, lab: provisioning.lab } : {}),
    mlflowSettings: options.mlflowSettings,
    prompting,
    scheduler,
    subscriptions: drift.subscriptions,
    drift: { monitor: drift.monitor, actions: drift.actions },
    unfurl: config.unfurl,
  };
  // Loaded before the server listens: deferring it to the first activity saved under 1 MB of
  // idle memory but made that turn wait for ~200 modules (measured 2026-12-06).
  const bot = await loadChatBot({
    botName: BOT_NAME,
    services,
    conversations,
    log,
    turnTimeoutMs: config.turnTimeoutMs,
    telemetry,
  });

  const compaction = heapCompaction();
  const server = await startServer({
    host: config.host,
    port: config.port,
    maxBodyBytes: config.maxBodyBytes,
    log,
    isReady: () =>
      readiness.check().then((ready) => {
        if (ready.ok) compaction.answered();
        return ready;
      }),
    onActivity: (req, res) => processActivity(adapter, req, res, (turn) => bot.run(turn)),
    metrics: telemetry.metrics,
    metricsToken: config.telemetry.metricsToken,
  });
  if (config.bot.appId === undefined) {
    log.warn(
      'MicrosoftAppId is not set: requests are NOT authenticated (local development / Playground only)',
    );
  }
  for (const warning of config.warnings) log.warn(warning.text);
  await dispatcher.start();
  runner.start();
  runWatch.start();
  await drift.start();
  scheduler.start();
  log.info({ url: server.url, store: store.location }, 'bot ready');
  // After the first /readyz answer that follows, so spawn → ready does not pay for it.
  compaction.arm();

  let stopping: Promise<void> | undefined;
  return {
    url: server.url,
    config,
    stop: () =>
      (stopping ??= (async () => {
        await server.close();
        await scheduler.stop();
        await drift.stop();
        await runner.stop();
        await dispatcher.stop();
        // Before the store closes: the last metric collection reads the outbox gauges.
        await telemetry.shutdown();
        await store.close();
        log.info('bot stopped');
      })()),
  };
}

/** Process entry: load .env, validate, start, and stop cleanly on SIGTERM/SIGINT. */
export async function main(): Promise<void> {
  loadDotEnv();
  let config: Readonly<Config>;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  const bot = await startBot(config, log);
  const shutdown = (signal: string) => {
    log.info({ signal }, 'shutting down');
    bot.stop().then(
      () => process.exit(0),
      (err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (err) => log.error({ err }, 'unhandled rejection'));
}

if (require.main === module) {
  main().catch((err: unknown) => {
    process.stderr.write(`Failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
