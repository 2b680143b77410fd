import { args as enArgs } from './en/args';
import { audit as enAudit } from './en/audit';
import { azureErrors as enAzureErrors } from './en/azure-errors';
import { card as enCard } from './en/card';
import { chat as enChat } from './en/chat';
import { canary as enCanary } from './en/canary';
import { canaryEval as enCanaryEval } from './en/canary-eval';
import { canaryGuard as enCanaryGuard } from './en/canary-guard';
import { commands as enCommands } from './en/commands';
import { cost as enCost } from './en/cost';
import { deploy as enDeploy } from './en/deploy';
import { drift as enDrift } from './en/drift';
import { driftDetail as enDriftDetail } from './en/drift-detail';
import { errors as enErrors } from './en/errors';
import { graderNotes as enGraderNotes } from './en/grader-notes';
import { help as enHelp } from './en/help';
import { lab as enLab } from './en/lab';
import { language as enLanguage } from './en/language';
import { llmErrors as enLlmErrors } from './en/llm-errors';
import { operation as enOperation } from './en/operation';
import { opsNotes as enOpsNotes } from './en/ops-notes';
import { probes as enProbes } from './en/probes';
import { runs as enRuns } from './en/runs';
import { runWatch as enRunWatch } from './en/run-watch';
import { scheduleErrors as enScheduleErrors } from './en/schedule-errors';
import { serviceErrors as enServiceErrors } from './en/service-errors';
import { status as enStatus } from './en/status';
import { statusDetail as enStatusDetail } from './en/status-detail';
import { subscriptions as enSubscriptions } from './en/subscriptions';
import { suggestion as enSuggestion } from './en/suggestion';
import { suiteChecks as enSuiteChecks } from './en/suite-checks';
import { suiteErrors as enSuiteErrors } from './en/suite-errors';
import { unfurl as enUnfurl } from './en/unfurl';
import { suites as enSuites } from './en/suites';
import { welcome as enWelcome } from './en/welcome';
import { whoami as enWhoami } from './en/whoami';
import { args as frArgs } from './fr/args';
import { audit as frAudit } from './fr/audit';
import { azureErrors as frAzureErrors } from './fr/azure-errors';
import { card as frCard } from './fr/card';
import { chat as frChat } from './fr/chat';
import { canary as frCanary } from './fr/canary';
import { canaryEval as frCanaryEval } from './fr/canary-eval';
import { canaryGuard as frCanaryGuard } from './fr/canary-guard';
import { commands as frCommands } from './fr/commands';
import { cost as frCost } from './fr/cost';
import { deploy as frDeploy } from './fr/deploy';
import { drift as frDrift } from './fr/drift';
import { driftDetail as frDriftDetail } from './fr/drift-detail';
import { errors as frErrors } from './fr/errors';
import { graderNotes as frGraderNotes } from './fr/grader-notes';
import { help as frHelp } from './fr/help';
import { lab as frLab } from './fr/lab';
import { language as frLanguage } from './fr/language';
import { llmErrors as frLlmErrors } from './fr/llm-errors';
import { operation as frOperation } from './fr/operation';
import { opsNotes as frOpsNotes } from './fr/ops-notes';
import { probes as frProbes } from './fr/probes';
import { runs as frRuns } from './fr/runs';
import { runWatch as frRunWatch } from './fr/run-watch';
import { scheduleErrors as frScheduleErrors } from './fr/schedule-errors';
import { serviceErrors as frServiceErrors } from './fr/service-errors';
import { status as frStatus } from './fr/status';
import { statusDetail as frStatusDetail } from './fr/status-detail';
import { subscriptions as frSubscriptions } from './fr/subscriptions';
import { suggestion as frSuggestion } from './fr/suggestion';
import { suiteChecks as frSuiteChecks } from './fr/suite-checks';
import { suiteErrors as frSuiteErrors } from './fr/suite-errors';
import { unfurl as frUnfurl } from './fr/unfurl';
import { suites as frSuites } from './fr/suites';
import { welcome as frWelcome } from './fr/welcome';
import { whoami as frWhoami } from './fr/whoami';

/** English is the source of truth: every other catalogue has exactly its shape. */
export const en = {
  args: enArgs,
  audit: enAudit,
  azureErrors: enAzureErrors,
  card: enCard,
  chat: enChat,
  canary: enCanary,
  canaryEval: enCanaryEval,
  canaryGuard: enCanaryGuard,
  commands: enCommands,
  cost: enCost,
  deploy: enDeploy,
  drift: enDrift,
  driftDetail: enDriftDetail,
  errors: enErrors,
  graderNotes: enGraderNotes,
  help: enHelp,
  lab: enLab,
  language: enLanguage,
  llmErrors: enLlmErrors,
  operation: enOperation,
  opsNotes: enOpsNotes,
  probes: enProbes,
  runs: enRuns,
  runWatch: enRunWatch,
  scheduleErrors: enScheduleErrors,
  serviceErrors: enServiceErrors,
  status: enStatus,
  statusDetail: enStatusDetail,
  subscriptions: enSubscriptions,
  suggestion: enSuggestion,
  suiteChecks: enSuiteChecks,
  suiteErrors: enSuiteErrors,
  unfurl: enUnfurl,
  suites: enSuites,
  welcome: enWelcome,
  whoami: enWhoami,
};

/** The same tree with every text a string: what a translation must provide, key for key. */
export type CatalogueShape<T> = {
  readonly [K in keyof T]: T[K] extends string ? string : CatalogueShape<T[K]>;
};

/** Typed against English so a key missing in French fails `tsc` (an extra one fails a test). */
export const fr: CatalogueShape<typeof en> = {
  args: frArgs,
  audit: frAudit,
  azureErrors: frAzureErrors,
  card: frCard,
  chat: frChat,
  canary: frCanary,
  canaryEval: frCanaryEval,
  canaryGuard: frCanaryGuard,
  commands: frCommands,
  cost: frCost,
  deploy: frDeploy,
  drift: frDrift,
  driftDetail: frDriftDetail,
  errors: frErrors,
  graderNotes: frGraderNotes,
  help: frHelp,
  lab: frLab,
  language: frLanguage,
  llmErrors: frLlmErrors,
  operation: frOperation,
  opsNotes: frOpsNotes,
  probes: frProbes,
  runs: frRuns,
  runWatch: frRunWatch,
  scheduleErrors: frScheduleErrors,
  serviceErrors: frServiceErrors,
  status: frStatus,
  statusDetail: frStatusDetail,
  subscriptions: frSubscriptions,
  suggestion: frSuggestion,
  suiteChecks: frSuiteChecks,
  suiteErrors: frSuiteErrors,
  unfurl: frUnfurl,
  suites: frSuites,
  welcome: frWelcome,
  whoami: frWhoami,
};
