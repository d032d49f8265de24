/** Types for report-statement.js (what an issued credit report states). Not served: only .js files are. */
export declare const REPORT_FORMAT: 'credit-report/1';
export declare const REPORT_NUMBER_PATTERN: RegExp;
export declare const REPORT_NUMBER_ALPHABET: string;

export type InForce = (item: any, date: string) => boolean;
export interface RecordList {
  section: string;
  field: string;
  inForce: InForce;
}
export declare const RECORD_LISTS: readonly RecordList[];

export declare function isInForce(enterprise: any, section: string, field: string, item: any, date: string): boolean;
export declare function printableEnterprise(enterprise: any, date: string): any;
export declare function checkProblem(check: any, date: string): 'NO_CHECK' | 'AS_OF_NOT_REPORT_DATE' | 'FLAG_RECORD_NOT_IN_FORCE' | null;

export interface ReportStatementInput {
  number: string;
  issuedAt: string;
  date: string;
  purpose: string | null;
  reference: string | null;
  enterprise: any;
}
export interface ReportStatement {
  format: 'credit-report/1';
  number: string;
  issuedAt: string;
  date: string;
  purpose: string | null;
  reference: string | null;
  enterprise: any;
}
export declare function reportStatement(input: ReportStatementInput): ReportStatement;
export declare function maskUscc(uscc: string): string;
export declare function groupHash(hash: string): string;
export declare function verifyUrl(base: string, number: string, hash: string): string;
/** The department sections the report lays out in sections of their own. */
export declare const OWN_SECTION_FIELDS: readonly string[];
/** Every other registered department's section, in registry order. */
export declare const OTHER_SECTION_FIELDS: readonly string[];
