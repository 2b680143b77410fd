import { canary as enCanary } from './en/canary';
import { canaryEval as enCanaryEval } from './en/canary-eval';
import { commands as enCommands } from './en/commands';
import { help as enHelp } from './en/help';
import { language as enLanguage } from './en/language';
import { suggestion as enSuggestion } from './en/suggestion';
import { welcome as enWelcome } from './en/welcome';
import { whoami as enWhoami } from './en/whoami';
import { canary as frCanary } from './fr/canary';
import { canaryEval as frCanaryEval } from './fr/canary-eval';
import { commands as frCommands } from './fr/commands';
import { help as frHelp } from './fr/help';
import { language as frLanguage } from './fr/language';
import { suggestion as frSuggestion } from './fr/suggestion';
import { welcome as frWelcome } from './fr/welcome';
import { whoami as frWhoami } from './fr/whoami';

/** English is the source of truth: every other catalogue has exactly its shape. */
export const en = {
  canary: enCanary,
  canaryEval: enCanaryEval,
  commands: enCommands,
  help: enHelp,
  language: enLanguage,
  suggestion: enSuggestion,
  welcome: enWelcome,
  whoami: enWhoami,
};

/** The same tree with every text a string: what a translation must provide, key for key. */
export type CatalogueShape<T> = {
  readonly [K in keyof T]: T[K] extends string ? string : CatalogueShape<T[K]>;
};

/** Typed against English so a key missing in French fails `tsc` (an extra one fails a test). */
export const fr: CatalogueShape<typeof en> = {
  canary: frCanary,
  canaryEval: frCanaryEval,
  commands: frCommands,
  help: frHelp,
  language: frLanguage,
  suggestion: frSuggestion,
  welcome: frWelcome,
  whoami: frWhoami,
};
