export {
  parseUscc,
  normalizeUscc,
  explainInvalid,
  buildUscc,
  organizationCodeCheck,
  usccCheck,
  USCC_CHARSET,
  type UsccInfo,
  type UsccResult,
  type UsccInvalidReason,
} from './uscc.js';
