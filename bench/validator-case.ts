/**
 * One validator case in a process of its own, so what V8 learned from one case (inlining,
 * deoptimisations) cannot help or hurt the next. Prints the case's result as JSON.
 */
import { benchValidatorCase } from './validators.js';

const index = Number(process.argv[2]);
process.stdout.write(`${JSON.stringify(await benchValidatorCase(index))}\n`);
