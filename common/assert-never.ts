/** Ends an exhaustive switch: a missed case fails to compile, and fails loudly at run time. */
export function assertNever(x: never): never {
  throw new Error(`Unexpected value: ${JSON.stringify(x)}`);
}
