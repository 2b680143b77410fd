import { args as enArgs } from './en/args';
import { audit as enAudit } from './en/audit';
import { card as enCard } from './en/card';
import { commands as enCommands } from './en/commands';
import { drift as enDrift } from './en/drift';
import { errors as enErrors } from './en/errors';
import { help as enHelp } from './en/help';
import { language as enLanguage } from './en/language';
import { subscriptions as enSubscriptions } from './en/subscriptions';
import { suggestion as enSuggestion } from './en/suggestion';
import { welcome as enWelcome } from './en/welcome';
import { whoami as enWhoami } from './en/whoami';
import { args as frArgs } from './fr/args';
import { audit as frAudit } from './fr/audit';
import { card as frCard } from './fr/card';
import { commands as frCommands } from './fr/commands';
import { drift as frDrift } from './fr/drift';
import { errors as frErrors } from './fr/errors';
import { help as frHelp } from './fr/help';
import { language as frLanguage } from './fr/language';
import { subscriptions as frSubscriptions } from './fr/subscriptions';
import { suggestion as frSuggestion } from './fr/suggestion';
import { welcome as frWelcome } from './fr/welcome';
import { whoami as frWhoami } from './fr/whoami';

/** English is the source of truth: every other catalogue has exactly its shape. */
export const en = {
  args: enArgs,
  audit: enAudit,
  card: enCard,
  commands: enCommands,
  drift: enDrift,
  errors: enErrors,
  help: enHelp,
  language: enLanguage,
  subscriptions: enSubscriptions,
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
  args: frArgs,
  audit: frAudit,
  card: frCard,
  commands: frCommands,
  drift: frDrift,
  errors: frErrors,
  help: frHelp,
  language: frLanguage,
  subscriptions: frSubscriptions,
  suggestion: frSuggestion,
  welcome: frWelcome,
  whoami: frWhoami,
};
