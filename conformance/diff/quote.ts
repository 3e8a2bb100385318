import type { Scalar } from '../../generator/model.js';

export function quote(value: Scalar | undefined): string {
  return value === undefined ? 'none' : JSON.stringify(value);
}
