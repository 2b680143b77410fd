/**
 * Monthly list prices (USD, pay-as-you-go, Linux, East US; checked 2026-12) behind the plan's
 * cost line. Like the lab's table they only need the right order of magnitude; docs/deploy.md
 * shows the same figures and says to check the Azure pricing calculator for a region.
 */
export const HOSTING_PRICES = {
  currency: 'USD',
  /** App Service plan B1 (1 core, 1.75 GB), Linux. */
  appServicePlanB1: 13.14,
  /** PostgreSQL flexible server Burstable Standard_B1ms compute. */
  postgresB1ms: 12.41,
  /** PostgreSQL storage per GB-month, and the size `azure up` asks for. */
  postgresStoragePerGb: 0.115,
  postgresStorageGb: 32,
  /** Azure Bot F0: standard channels (Teams) are free. */
  botF0: 0,
  /** Log Analytics ingestion: the first 5 GB a month are free; a quiet bot stays under it. */
  monitoring: 0,
  /** User-assigned managed identity and role assignments cost nothing. */
  identity: 0,
} as const;

export interface CostLine {
  readonly item: string;
  readonly monthly: number;
}

/** Each billable part and the total, for the plan. */
export function hostingMonthlyCost(): { lines: CostLine[]; total: number } {
  const p = HOSTING_PRICES;
  const lines: CostLine[] = [
    { item: 'App Service B1', monthly: p.appServicePlanB1 },
    {
      item: `PostgreSQL B1ms + ${p.postgresStorageGb} GB`,
      monthly: p.postgresB1ms + p.postgresStoragePerGb * p.postgresStorageGb,
    },
    { item: 'Azure Bot F0', monthly: p.botF0 },
    { item: 'Application Insights / Log Analytics (first 5 GB free)', monthly: p.monitoring },
  ];
  const total = Math.round(lines.reduce((s, l) => s + l.monthly, 0) * 100) / 100;
  return { lines, total };
}
