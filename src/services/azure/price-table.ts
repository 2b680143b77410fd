import { formatMoney, formatNumber } from '../../chat/locale-format';
import { translator, type Lang } from '../../chat/i18n';
import { readFileSync } from 'node:fs';
import { z } from 'zod';

/**
 * The rough list prices behind the plan card's monthly cost line (USD, pay-as-you-go, East US
 * 2, checked when the lab was written). They only need to be right to the order of magnitude:
 * the line tells a user whether leaving the lab up for a month is "a coffee" or "a laptop".
 * docs/provisioning.md documents every field; PRICE_TABLE_FILE overrides any of them.
 */
export const DEFAULT_PRICE_TABLE = {
  currency: 'USD',
  /** Hours the cluster is expected to run per month (it auto-terminates when idle). */
  clusterHoursPerMonth: 40,
  /** VM price per hour by node type. */
  vmPerHour: {
    Standard_D4ds_v5: 0.226,
    Standard_DS3_v2: 0.293,
    Standard_D8ds_v5: 0.452,
  } as Record<string, number>,
  /** Databricks units per hour by node type. */
  dbuPerHour: {
    Standard_D4ds_v5: 1.0,
    Standard_DS3_v2: 0.75,
    Standard_D8ds_v5: 2.0,
  } as Record<string, number>,
  /** Price of one DBU of all-purpose compute by workspace SKU. */
  dbuPrice: { premium: 0.55, trial: 0 } as Record<string, number>,
  /** Storage and networking of the workspace's managed resource group. */
  workspaceFixedPerMonth: 5,
  /** Tokens (millions, input + output) the lab is expected to use per month. */
  tokensPerMonthMillions: 2,
  /** Blended price per million tokens by model. */
  perMillionTokens: {
    'gpt-5-mini': 0.7,
    'gpt-4.1-mini': 0.7,
    'gpt-4o-mini': 0.3,
  } as Record<string, number>,
  /** Used for a node type or model the table does not list. */
  fallback: { vmPerHour: 0.3, dbuPerHour: 1.0, perMillionTokens: 1.0 },
};

export type PriceTable = typeof DEFAULT_PRICE_TABLE;

const rates = z.record(z.string(), z.number().nonnegative());
const overrideSchema = z
  .object({
    currency: z.string().min(1),
    clusterHoursPerMonth: z.number().nonnegative(),
    vmPerHour: rates,
    dbuPerHour: rates,
    dbuPrice: rates,
    workspaceFixedPerMonth: z.number().nonnegative(),
    tokensPerMonthMillions: z.number().nonnegative(),
    perMillionTokens: rates,
    fallback: z.object({
      vmPerHour: z.number().nonnegative(),
      dbuPerHour: z.number().nonnegative(),
      perMillionTokens: z.number().nonnegative(),
    }),
  })
  .partial()
  .strict();

/** Thrown at start when PRICE_TABLE_FILE cannot be read or does not match the table's shape. */
export class PriceTableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PriceTableError';
  }
}

/** The defaults with the file's fields laid over them (rate maps are merged per key). */
export function loadPriceTable(file: string | undefined): PriceTable {
  if (!file) return DEFAULT_PRICE_TABLE;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new PriceTableError(
      `PRICE_TABLE_FILE ${file} is not readable JSON: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const parsed = overrideSchema.safeParse(raw);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new PriceTableError(`PRICE_TABLE_FILE ${file} is invalid: ${where}`);
  }
  const o = parsed.data;
  const d = DEFAULT_PRICE_TABLE;
  return {
    ...d,
    ...o,
    vmPerHour: { ...d.vmPerHour, ...o.vmPerHour },
    dbuPerHour: { ...d.dbuPerHour, ...o.dbuPerHour },
    dbuPrice: { ...d.dbuPrice, ...o.dbuPrice },
    perMillionTokens: { ...d.perMillionTokens, ...o.perMillionTokens },
    fallback: { ...d.fallback, ...o.fallback },
  };
}

export interface CostEstimate {
  readonly monthly: number;
  readonly currency: string;
  readonly clusterHours: number;
  readonly tokensMillions: number;
  /** One short line in English (audit, CLI), e.g. "≈ $36/month (cluster 40 h, 2M tokens)". */
  readonly line: string;
}

/** The cost line in a reader's language; English keeps its historic "$36" / "EUR 36" form. */
export function costLine(
  e: Pick<CostEstimate, 'monthly' | 'currency' | 'clusterHours' | 'tokensMillions'>,
  lang: Lang = 'en',
): string {
  const amount =
    lang === 'en'
      ? `${e.currency === 'USD' ? '$' : `${e.currency} `}${Math.round(e.monthly)}`
      : formatMoney(e.monthly, e.currency, lang);
  const num = (n: number) => (lang === 'en' ? String(n) : formatNumber(n, lang));
  return translator(lang)('cost.line', {
    amount,
    hours: num(e.clusterHours),
    tokens: num(e.tokensMillions),
  });
}

/** The rough monthly cost of the lab: cluster hours (VM + DBU), workspace, tokens. */
export function estimateMonthlyCost(
  table: PriceTable,
  lab: { nodeType: string; workspaceSku: string; model: string },
): CostEstimate {
  const vm = table.vmPerHour[lab.nodeType] ?? table.fallback.vmPerHour;
  const dbu =
    (table.dbuPerHour[lab.nodeType] ?? table.fallback.dbuPerHour) *
    (table.dbuPrice[lab.workspaceSku] ?? 0);
  const cluster = table.clusterHoursPerMonth * (vm + dbu);
  const tokens =
    table.tokensPerMonthMillions *
    (table.perMillionTokens[lab.model] ?? table.fallback.perMillionTokens);
  const monthly = cluster + table.workspaceFixedPerMonth + tokens;
  const estimate = {
    monthly,
    currency: table.currency,
    clusterHours: table.clusterHoursPerMonth,
    tokensMillions: table.tokensPerMonthMillions,
  };
  return { ...estimate, line: costLine(estimate) };
}
