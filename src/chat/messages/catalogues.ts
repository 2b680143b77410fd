import { args as enArgs } from './en/args';
import { audit as enAudit } from './en/audit';
import { card as enCard } from './en/card';
import { chat as enChat } from './en/chat';
import { canary as enCanary } from './en/canary';
import { canaryEval as enCanaryEval } from './en/canary-eval';
import { commands as enCommands } from './en/commands';
import { deploy as enDeploy } from './en/deploy';
import { drift as enDrift } from './en/drift';
import { errors as enErrors } from './en/errors';
import { help as enHelp } from './en/help';
import { lab as enLab } from './en/lab';
import { language as enLanguage } from './en/language';
import { operation as enOperation } from './en/operation';
import { runs as enRuns } from './en/runs';
import { status as enStatus } from './en/status';
import { subscriptions as enSubscriptions } from './en/subscriptions';
import { suggestion as enSuggestion } from './en/suggestion';
import { unfurl as enUnfurl } from './en/unfurl';
import { suites as enSuites } from './en/suites';
import { welcome as enWelcome } from './en/welcome';
import { whoami as enWhoami } from './en/whoami';
import { args as frArgs } from './fr/args';
import { audit as frAudit } from './fr/audit';
import { card as frCard } from './fr/card';
import { chat as frChat } from './fr/chat';
import { canary as frCanary } from './fr/canary';
import { canaryEval as frCanaryEval } from './fr/canary-eval';
import { commands as frCommands } from './fr/commands';
import { deploy as frDeploy } from './fr/deploy';
import { drift as frDrift } from './fr/drift';
import { errors as frErrors } from './fr/errors';
import { help as frHelp } from './fr/help';
import { lab as frLab } from './fr/lab';
import { language as frLanguage } from './fr/language';
import { operation as frOperation } from './fr/operation';
import { runs as frRuns } from './fr/runs';
import { status as frStatus } from './fr/status';
import { subscriptions as frSubscriptions } from './fr/subscriptions';
import { suggestion as frSuggestion } from './fr/suggestion';
import { unfurl as frUnfurl } from './fr/unfurl';
import { suites as frSuites } from './fr/suites';
import { welcome as frWelcome } from './fr/welcome';
import { whoami as frWhoami } from './fr/whoami';

/** English is the source of truth: every other catalogue has exactly its shape. */
export const en = {
  args: enArgs,
  audit: enAudit,
  card: enCard,
  chat: enChat,
  canary: enCanary,
  canaryEval: enCanaryEval,
  commands: enCommands,
  deploy: enDeploy,
  drift: enDrift,
  errors: enErrors,
  help: enHelp,
  lab: enLab,
  language: enLanguage,
  operation: enOperation,
  runs: enRuns,
  status: enStatus,
  subscriptions: enSubscriptions,
  suggestion: enSuggestion,
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
  card: frCard,
  chat: frChat,
  canary: frCanary,
  canaryEval: frCanaryEval,
  commands: frCommands,
  deploy: frDeploy,
  drift: frDrift,
  errors: frErrors,
  help: frHelp,
  lab: frLab,
  language: frLanguage,
  operation: frOperation,
  runs: frRuns,
  status: frStatus,
  subscriptions: frSubscriptions,
  suggestion: frSuggestion,
  unfurl: frUnfurl,
  suites: frSuites,
  welcome: frWelcome,
  whoami: frWhoami,
};
