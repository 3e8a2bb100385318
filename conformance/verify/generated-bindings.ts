import type { Arbitrary } from 'fast-check';
import { generatedNames } from '../../generator/emit/names.js';
import type { DocumentModel, OperationModel } from '../../generator/model.js';
import type { GeneratedCode } from '../generated-code.js';
import type { Pair } from './query-pairs.js';

export type Outcome = { readonly ok: boolean; readonly issues?: readonly { readonly code: string; readonly kind: string; readonly parameter: string; readonly message: string }[] };
type Validate = (input: unknown) => Outcome;

export interface Bindings {
  readonly op: OperationModel;
  readonly arbitrary: Arbitrary<unknown>;
  readonly toQuery: (request: unknown) => Pair[];
  readonly fromQuery: (pairs: Iterable<Pair>) => Outcome;
  readonly validateResponse: Validate;
  readonly validateError: Validate | undefined;
}

export interface Signer {
  signRequest(input: {
    method: string;
    host: string;
    path: string;
    query: readonly Pair[];
    headers: Record<string, string>;
    accessKeyId: string;
    accessKeySecret: string;
  }): { headers: Readonly<Record<string, string>> };
  encodeQuery(query: readonly Pair[]): string;
  formatAcsDate(date: Date): string;
  newNonce(): string;
}

/** The generated functions each operation needs, found by the names the emitters were given (generatedNames). */
export function findGenerated({ model, code }: { model: DocumentModel; code: GeneratedCode }): { bindings: Bindings[]; signer: Signer } {
  const codec = exportsOf({ code, file: 'codec.ts' });
  const validators = exportsOf({ code, file: 'validators.ts' });
  const arbitraries = exportsOf({ code, file: 'arbitraries.ts' });
  const signerModule = exportsOf({ code, file: 'runtime/signer.ts' });
  const signer: Signer = {
    signRequest: signerModule.required('signRequest'),
    encodeQuery: signerModule.required('encodeQuery'),
    formatAcsDate: signerModule.required('formatAcsDate'),
    newNonce: signerModule.required('newNonce'),
  };
  const names = generatedNames(model);
  const bindings = model.operations.map((op) => {
    const { requestArbitrary, toQuery, fromQuery, validateResponse } = names.operation(op);
    const errorBody = names.errorBody(op);
    return {
      op,
      arbitrary: arbitraries.required<Arbitrary<unknown>>(requestArbitrary),
      toQuery: codec.required<Bindings['toQuery']>(toQuery),
      fromQuery: codec.required<Bindings['fromQuery']>(fromQuery),
      validateResponse: validators.required<Validate>(validateResponse),
      validateError: errorBody === undefined ? undefined : validators.required<Validate>(errorBody.validate),
    };
  });
  return { bindings, signer };
}

function exportsOf({ code, file }: { code: GeneratedCode; file: string }) {
  const module = code.module(file);
  const optional = <T>(name: string): T | undefined => {
    const value = module[name];
    return value === undefined || value === null ? undefined : (value as T);
  };
  const required = <T>(name: string): T => {
    const value = optional<T>(name);
    if (value === undefined) throw new Error(`the generated ${file} has no export ${name}`);
    return value;
  };
  return { required, optional };
}
