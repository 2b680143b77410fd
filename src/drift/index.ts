// Public surface of the drift engine: pure TypeScript, no I/O, Node built-ins only.

export { DriftInputError, type DriftInputErrorReason } from './drift-input-error';
export {
  computeDriftReport,
  DEFAULT_DRIFT_SHARE,
  type DriftOptions,
  type DriftReport,
} from './compute-drift-report';
export {
  columnDrift,
  INSUFFICIENT_DATA,
  type ColumnDriftResult,
  type ColumnDriftSettings,
} from './column-drift';
export { type ColumnarRows, type Row, type Rows, sortedFinite } from './clean-column';
export {
  defaultStattest,
  isDrift,
  isStatTestName,
  STATTESTS,
  type ColumnType,
  type StatTestName,
} from './stattest-registry';
export { ksTwoSample, type KsResult } from './ks-two-sample';
export { normedWasserstein, wassersteinDistance } from './wasserstein-distance';
export { ksFromStatistic } from './ks-two-sample';
export {
  weightedKs,
  weightedNormedWasserstein,
  weightedNumericalScore,
  weightedWassersteinDistance,
} from './weighted-score';
export {
  weightedFromCounts,
  weightedFromSorted,
  type CountedColumn,
  type WeightedSample,
} from './weighted-sample';
export { binWidthFor, countedWindow, type FeatureValueCount } from './counted-window';
export { chiSquareTest } from './chi-square-test';
export { proportionsZTest } from './proportions-z-test';
export { binnedShares, sharesFromTable } from './binned-shares';
export {
  jensenShannonDistance,
  klDivergence,
  populationStabilityIndex,
} from './jensen-shannon-distance';
export { chiSquareSf } from './chi-square-sf';
export { normalCdf } from './normal-cdf';
export { kolmogorovSf } from './kolmogorov-sf';
export { smirnovSf } from './smirnov-sf';
export { parseJsonLines, type ParsedJsonLines } from './parse-json-lines';
export { inferColumnTypes, type InferredColumns } from './infer-column-types';
export { formatDriftNumber, formatDriftTable, type DriftTableContext } from './format-drift-table';
