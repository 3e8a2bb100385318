import { createRequire } from 'node:module';

/** The library package whose contract the tooling serves and verifies when the caller brings none. */
const BUNDLED_CONTRACT = 'emr-increase-nodes-contract/openapi.yaml';

/** The path of the contract installed beside this package, or undefined when the library is not installed. */
export function bundledContractPath(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve(BUNDLED_CONTRACT);
  } catch {
    return undefined;
  }
}
