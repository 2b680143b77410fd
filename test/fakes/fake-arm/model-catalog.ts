/**
 * The fake's per-region Azure OpenAI catalogue, shaped like `GET .../locations/{loc}/models`
 * (reference azure-arm-openai.md §2.4, §7). Dates follow the retirement tables as of late 2026:
 * gpt-35-turbo is retired everywhere, gpt-4o-mini Standard retired 2026-03-31.
 */
export interface CatalogSku {
  name: 'Standard' | 'GlobalStandard' | 'DataZoneStandard';
  usageName: string;
  deprecationDate: string;
}

export interface CatalogModel {
  name: string;
  version: string;
  lifecycleStatus:
    'GenerallyAvailable' | 'Preview' | 'Deprecating' | 'Deprecated' | 'Legacy' | 'Stable';
  /** Retirement of inference (ISO date). */
  inferenceRetirement: string;
  isDefaultVersion: boolean;
  skus: CatalogSku[];
}

const sku = (name: CatalogSku['name'], model: string, deprecationDate: string): CatalogSku => ({
  name,
  usageName: `OpenAI.${name}.${model}`,
  deprecationDate,
});

const GPT35_0613: CatalogModel = {
  name: 'gpt-35-turbo',
  version: '0613',
  lifecycleStatus: 'Deprecated',
  inferenceRetirement: '2025-02-13T00:00:00Z',
  isDefaultVersion: false,
  skus: [sku('Standard', 'gpt-35-turbo', '2025-02-13T00:00:00Z')],
};
const GPT35_0125: CatalogModel = {
  name: 'gpt-35-turbo',
  version: '0125',
  lifecycleStatus: 'Deprecated',
  inferenceRetirement: '2025-07-16T00:00:00Z',
  isDefaultVersion: true,
  skus: [sku('Standard', 'gpt-35-turbo', '2025-07-16T00:00:00Z')],
};
const GPT4O_MINI: CatalogModel = {
  name: 'gpt-4o-mini',
  version: '2024-07-18',
  lifecycleStatus: 'GenerallyAvailable',
  inferenceRetirement: '2026-10-01T00:00:00Z',
  isDefaultVersion: true,
  skus: [
    sku('Standard', 'gpt-4o-mini', '2026-03-31T00:00:00Z'),
    sku('GlobalStandard', 'gpt-4o-mini', '2026-10-01T00:00:00Z'),
  ],
};
const GPT41_MINI: CatalogModel = {
  name: 'gpt-4.1-mini',
  version: '2025-04-14',
  lifecycleStatus: 'GenerallyAvailable',
  inferenceRetirement: '2027-04-14T00:00:00Z',
  isDefaultVersion: true,
  skus: [
    sku('Standard', 'gpt-4.1-mini', '2027-04-14T00:00:00Z'),
    sku('GlobalStandard', 'gpt-4.1-mini', '2027-04-14T00:00:00Z'),
  ],
};
const GPT5_MINI: CatalogModel = {
  name: 'gpt-5-mini',
  version: '2025-08-07',
  lifecycleStatus: 'GenerallyAvailable',
  inferenceRetirement: '2027-02-06T00:00:00Z',
  isDefaultVersion: true,
  skus: [sku('GlobalStandard', 'gpt-5-mini', '2027-02-06T00:00:00Z')],
};

/** Region (ARM short name) → models offered there. Switzerland West lacks the gpt-5 family. */
export function defaultCatalog(): Map<string, CatalogModel[]> {
  const all = [GPT35_0613, GPT35_0125, GPT4O_MINI, GPT41_MINI, GPT5_MINI];
  return new Map([
    ['eastus2', structuredClone(all)],
    ['northcentralus', structuredClone(all)],
    ['swedencentral', structuredClone(all)],
    ['switzerlandwest', structuredClone([GPT35_0125, GPT4O_MINI, GPT41_MINI])],
  ]);
}

/** Wire shape of one `models.list` item. */
export function catalogItem(m: CatalogModel): Record<string, unknown> {
  return {
    kind: 'OpenAI',
    skuName: 'S0',
    model: {
      format: 'OpenAI',
      name: m.name,
      version: m.version,
      isDefaultVersion: m.isDefaultVersion,
      lifecycleStatus: m.lifecycleStatus,
      maxCapacity: 1000,
      capabilities: { chatCompletion: 'true' },
      deprecation: { inference: m.inferenceRetirement, fineTune: m.inferenceRetirement },
      skus: m.skus.map((s) => ({
        name: s.name,
        usageName: s.usageName,
        deprecationDate: s.deprecationDate,
        capacity: { minimum: 1, maximum: 1000, default: 10, step: 1 },
      })),
    },
  };
}
