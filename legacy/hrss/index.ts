export {
  createHrssSimulator,
  hrssSettingsSchema,
  HRSS_LATEST_PATH,
  HRSS_EXPORTS_PREFIX,
  HRSS_KEY_HEADER,
  type HrssSimulator,
  type HrssSimulatorOptions,
  type HrssExportSettings,
} from './hrss-simulator.js';
export { EXPORT_CORRUPTIONS, EXPORT_TYPE, EXPORT_VERSION, type ExportCorruption } from './export-file.js';
