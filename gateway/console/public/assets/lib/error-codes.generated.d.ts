/** Types for error-codes.generated.js (written by `npm run docs`). Not served: only .js files are. */
export declare const ERROR_CODE_TEXT: Record<string, { zh: string; en: string }>;
