/** Types for uscc.js (the browser port of common/uscc). Not served: only .js files are. */
export declare const USCC_CHARSET: string;
export declare const REGISTERING_AUTHORITIES: Readonly<Record<string, string>>;
export declare const ENTITY_TYPES: Readonly<Record<string, Readonly<Record<string, string>>>>;

export type UsccInvalidReason =
  | { reason: 'EMPTY' }
  | { reason: 'WRONG_LENGTH'; length: number }
  | { reason: 'ILLEGAL_CHARACTER'; position: number; character: string; expected: string }
  | { reason: 'ORGANIZATION_CODE_CHECK_FAILED'; organizationCode: string; expectedCheck: string; actualCheck: string }
  | { reason: 'CHECK_CHARACTER_FAILED'; expectedCheck: string; actualCheck: string };

export interface UsccInfo {
  uscc: string;
  registeringAuthority: { code: string; name: string | null };
  entityType: { code: string; name: string | null };
  division: string;
  organizationCode: string;
  organizationCodeCompact: string;
}

export type UsccResult = { valid: true; info: UsccInfo } | ({ valid: false; input: string; normalized: string } & UsccInvalidReason);
export type UsccInvalid = Extract<UsccResult, { valid: false }>;

export declare function normalizeUscc(input: string): string;
export declare function organizationCodeCheck(body: string): string;
export declare function usccCheck(first17: string): string;
export declare function positionClass(position: number): 'DIGIT' | 'ORG_CHECK' | 'CHARSET';
export declare function firstIllegalCharacter(normalized: string): { position: number; character: string; expected: string } | null;
export declare function parseUscc(input: string): UsccResult;
export declare function checkWhileTyping(
  input: string,
):
  | { state: 'empty'; normalized: string }
  | { state: 'typing'; normalized: string; length: number }
  | { state: 'valid'; normalized: string; info: UsccInfo }
  | { state: 'invalid'; normalized: string; result: UsccInvalid };
export declare function explainInvalid(r: UsccInvalidReason, lang?: 'zh' | 'en'): string;
