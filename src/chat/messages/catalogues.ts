import { chat as enChat } from './en/chat';
import { canary as enCanary } from './en/canary';
import { canaryEval as enCanaryEval } from './en/canary-eval';
import { commands as enCommands } from './en/commands';
import { deploy as enDeploy } from './en/deploy';
import { help as enHelp } from './en/help';
import { language as enLanguage } from './en/language';
import { runs as enRuns } from './en/runs';
import { suggestion as enSuggestion } from './en/suggestion';
import { unfurl as enUnfurl } from './en/unfurl';
import { suites as enSuites } from './en/suites';
import { welcome as enWelcome } from './en/welcome';
import { whoami as enWhoami } from './en/whoami';
import { chat as frChat } from './fr/chat';
import { canary as frCanary } from './fr/canary';
import { canaryEval as frCanaryEval } from './fr/canary-eval';
import { commands as frCommands } from './fr/commands';
import { deploy as frDeploy } from './fr/deploy';
import { help as frHelp } from './fr/help';
import { language as frLanguage } from './fr/language';
import { runs as frRuns } from './fr/runs';
import { suggestion as frSuggestion } from './fr/suggestion';
import { unfurl as frUnfurl } from './fr/unfurl';
import { suites as frSuites } from './fr/suites';
import { welcome as frWelcome } from './fr/welcome';
import { whoami as frWhoami } from './fr/whoami';

/** English is the source of truth: every other catalogue has exactly its shape. */
export const en = {
  chat: enChat,
  canary: enCanary,
  canaryEval: enCanaryEval,
  commands: enCommands,
  deploy: enDeploy,
  help: enHelp,
  language: enLanguage,
  runs: enRuns,
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
  chat: frChat,
  canary: frCanary,
  canaryEval: frCanaryEval,
  commands: frCommands,
  deploy: frDeploy,
  help: frHelp,
  language: frLanguage,
  runs: frRuns,
  suggestion: frSuggestion,
  unfurl: frUnfurl,
  suites: frSuites,
  welcome: frWelcome,
  whoami: frWhoami,
};
