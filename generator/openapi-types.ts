import { Worker } from 'node:worker_threads';
import { recentResults } from './recent.js';

/** The one thread that runs openapi-typescript, started on first use and kept for the next document. */
let worker: Worker | undefined;
const pending = new Map<number, { resolve: (text: string) => void; reject: (error: Error) => void }>();
let nextId = 0;

/**
 * openapi-typescript's output for a document given as text, computed on its own thread (see
 * openapi-types-worker.js). Await it last: the rest of generation runs meanwhile.
 */
export function openapiTypes(text: string): Promise<string> {
  // A failure is not kept (recentResults drops a rejected promise): the thread may have died, and the next call starts another.
  return typesOf.of(text, () => computeTypes(text));
}

/** openapi-typescript's output by document: a document generated again (check after generate) does not run it again. */
const typesOf = recentResults<Promise<string>>({ limit: 8 });

function computeTypes(text: string): Promise<string> {
  const id = nextId++;
  const result = new Promise<string>((resolve, reject) => pending.set(id, { resolve, reject }));
  const thread = running();
  thread.ref();
  thread.postMessage({ id, text });
  return result;
}

/** Starts the thread, so that it loads openapi-typescript while the caller does other work; it keeps no process alive. */
export function prepareOpenapiTypes(): void {
  running();
}

/**
 * A script given on the command line (`node --input-type=module -e …`) is the main thread's: a
 * thread that inherits those options fails to start. The thread is plain JavaScript and needs
 * none of this process's options, so then it gets none (V8's own may not be passed explicitly).
 */
const SCRIPT_OPTION = /^(?:-e|--eval|-p|--print|--input-type)(?:=|$)/;

function running(): Worker {
  if (worker !== undefined) return worker;
  const started = new Worker(new URL('./openapi-types-worker.js', import.meta.url), process.execArgv.some((arg) => SCRIPT_OPTION.test(arg)) ? { execArgv: [] } : {});
  started.on('message', ({ id, text, error }: { id: number; text?: string; error?: string }) => {
    const call = pending.get(id);
    pending.delete(id);
    if (error !== undefined) call?.reject(new Error(`openapi-typescript failed: ${error}`));
    else call?.resolve(text!);
    // An idle thread must not keep the process alive; the next call refs it again.
    if (pending.size === 0) started.unref();
  });
  const fail = (error: Error) => {
    worker = undefined;
    for (const call of pending.values()) call.reject(error);
    pending.clear();
  };
  started.on('error', fail);
  started.on('exit', (code) => fail(new Error(`the openapi-typescript thread exited with code ${code}`)));
  started.unref();
  worker = started;
  return started;
}
