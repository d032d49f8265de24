/** Types for csv.js. Not served: only .js files are. */
export type TextEncodingName = 'UTF-8' | 'UTF-8-BOM' | 'UTF-16LE' | 'UTF-16BE' | 'GBK';
export declare function decodeCsvBytes(
  input: Uint8Array | ArrayBuffer,
  options?: { decodeGbk?: (bytes: Uint8Array) => string },
): { text: string; encoding: TextEncodingName };
export declare function detectDelimiter(text: string): ',' | ';' | '\t';
export declare function parseCsv(text: string, options?: { delimiter?: string; keepEmpty?: boolean }): string[][];
export declare function excelText(value: unknown): { excelText: string };
export declare function excelWouldConvert(s: string): boolean;
export declare function unwrapExcelText(cell: string): string;
export declare function escapeCell(value: unknown, delimiter?: string): string;
export declare function toCsv(rows: readonly (readonly unknown[])[], options?: { bom?: boolean; eol?: string; delimiter?: string }): string;
