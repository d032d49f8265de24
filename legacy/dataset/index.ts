export { createDataset, type CreateDatasetOptions } from './generator.js';
export { loadGoldenCases, type GoldenCase } from './golden.js';
export { datasetFromRecords } from './in-memory.js';
export type {
  IsoDate,
  RemovalKind,
  ListEntry,
  Penalty,
  RegistrationStatus,
  TaxLevel,
  EnvironmentLevel,
  MarketTruth,
  TaxTruth,
  CourtsTruth,
  EnvironmentTruth,
  EconomyTruth,
  EnterpriseTruth,
  Dataset,
} from './types.js';
