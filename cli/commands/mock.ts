import { generatedNames } from '../../generator/emit/names.js';
import type { DocumentModel, OperationModel } from '../../generator/model.js';
import { loadContract, readModel } from '../../conformance/contract.js';
import { PortInUseError } from '../../conformance/mock/listen.js';
import { answers } from '../../conformance/mock/prism-process.js';
import { serveMock, type Mock } from '../../conformance/mock/serve.js';
import type { FrontEvent } from '../../conformance/mock/strict-front.js';
import { sharedWirePaths } from '../../conformance/mock/prism-view.js';
import { watchLifeline } from '../lifeline.js';
import { shownValue, specPath, stringOption, UsageError, type Command, type CommandContext } from './context.js';

const HOST = '127.0.0.1';
const DEFAULT_PORT = 4010;

type Outcome = { kind: 'stop'; reason: string } | { kind: 'crash' };

/**
 * Serves the spec with Prism on 127.0.0.1 until SIGINT, SIGTERM or the death of the process that
 * started it (an `npx` killed outright forwards nothing). With --strict a front checks every
 * request against the contract first and Prism listens on an internal port behind it.
 */
export const mockCommand: Command = async (context) => {
  // Listening for the signals comes first: one that arrives while Prism starts must still stop it.
  const stopRequest = nextStopRequest();
  let mock: Mock | undefined;
  try {
    const spec = specPath(context, { bundled: true });
    const port = portOption(context);
    const strict = context.options['strict'] === true;
    // Before the spec's code is generated for the front: a port someone holds is the quicker answer.
    if (strict && port !== 0 && (await answers({ host: HOST, port }))) throw new PortInUseError({ host: HOST, port });
    // The strict front needs the generated code as well as the model; either way the spec is read once.
    const contract = strict ? await loadContract(spec) : undefined;
    const { name, model } = contract ?? (await readModel(spec));
    const starting = serveMock({ spec, contract, port, host: HOST, onRequest: (event) => logRequest(context, event) });
    const early = await Promise.race([starting, stopRequest.promise]);
    mock = await starting;
    if (typeof early === 'string') return stopped(context, early, mock);
    announce({ context, model, spec: name, mock, strict });

    const outcome: Outcome = await Promise.race([stopRequest.promise.then((reason) => ({ kind: 'stop' as const, reason })), mock.exited.then(() => ({ kind: 'crash' as const }))]);
    if (outcome.kind === 'crash') {
      const message = 'Prism stopped unexpectedly.';
      // In JSON mode a reader of stdout must learn it too, and in the same shape as any failure.
      if (context.format === 'json') context.out(JSON.stringify({ ok: false, error: { kind: 'prism-exited', message } }));
      else context.err(message);
      await mock.stop();
      return 1;
    }
    return stopped(context, outcome.reason, mock);
  } catch (error) {
    await mock?.stop();
    throw error instanceof PortInUseError ? new UsageError(`port ${portOption(context)} on ${HOST} is already in use; pick another with --port (0 takes any free one)`) : error;
  } finally {
    stopRequest.dispose();
  }
};

async function stopped(context: CommandContext, reason: string, mock: Mock): Promise<number> {
  await mock.stop();
  context.out(context.format === 'json' ? JSON.stringify({ event: 'stopped', reason }) : `Stopped (${reason}).`);
  return 0;
}

function portOption(context: CommandContext): number {
  const text = stringOption(context, 'port') ?? String(DEFAULT_PORT);
  const port = Number(text);
  if (!/^\d+$/.test(text) || port > 65_535) throw new UsageError(`--port takes a port number from 0 (any free port) to 65535, not ${shownValue(text)}`);
  return port;
}

/** Settles with what asked the mock to stop: a signal, or the parent process going away. */
function nextStopRequest(): { promise: Promise<string>; dispose(): void } {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  let onStop: (reason: string) => void = () => undefined;
  const promise = new Promise<string>((resolve) => {
    onStop = resolve;
  });
  for (const name of signals) process.on(name, onStop);
  const unwatch = watchLifeline(() => onStop('parent process exited'));
  return {
    promise,
    dispose: () => {
      unwatch();
      for (const name of signals) process.off(name, onStop);
    },
  };
}

function announce({ context, model, spec, mock, strict }: { context: CommandContext; model: DocumentModel; spec: string; mock: Mock; strict: boolean }): void {
  const op = model.operations[0];
  const example = op && preferExample(op);
  const notes = (strict ? [] : sharedWirePaths(model)).map(
    (names) =>
      `Prism routes by path alone: ${names.join(', ')} travel to one path, which plain Prism serves as ${names[0]}: a call of ${names.slice(1).join(' or ')} is checked against ${names[0]}'s parameters and headers (its x-acs-action among them), so it gets one of ${names[0]}'s error examples however it is signed; --strict sends each to its own answers (by x-acs-action).`,
  );
  if (context.format === 'json') {
    context.out(JSON.stringify({ url: mock.url, strict, spec, prism: mock.prismUrl, prismPid: mock.prismPid, ...(example ? { prefer: example } : {}), ...(notes.length > 0 ? { notes } : {}) }));
    return;
  }
  const lines = [
    `Mock of ${spec} listening on ${mock.url}${strict ? ' (strict)' : ''}`,
    strict
      ? `  Every request is checked against the contract first (action, version, signature, parameters) and refused with the documented error; the rest goes to Prism on ${mock.prismUrl}.`
      : '  Prism checks declared parameters loosely; add --strict to hold every request to the whole contract.',
    ...notes.map((note) => `  ${note}`),
    'Point the generated client at it:',
    `  const client = createClient({ endpoint: '${mock.url}', credentials: { accessKeyId: 'test', accessKeySecret: 'test' } });`,
  ];
  if (op !== undefined && example !== undefined) {
    lines.push(
      'Ask for a documented error:',
      `  await client.${generatedNames(model).operation(op).method}(request, { prefer: { code: ${example.code}, example: '${example.example}' } });`,
      `  or send the header  Prefer: code=${example.code}, example=${example.example}`,
    );
  }
  lines.push('Stop with Ctrl+C.');
  for (const line of lines) context.out(line);
}

/** A documented error that is about the service's state rather than the request, as the example to ask Prism for. */
function preferExample(op: OperationModel): { code: number; example: string } | undefined {
  const aboutTheRequest = new Set([...Object.values(op.violations), ...op.request.rules.flatMap((r) => (r.code === undefined ? [] : [r.code]))]);
  const candidates = op.errors.filter((e) => !aboutTheRequest.has(e.code));
  const chosen = candidates.find((e) => !e.message.includes('%s')) ?? candidates[0] ?? op.errors[0];
  return chosen && { code: chosen.httpStatus, example: chosen.code };
}

function logRequest(context: CommandContext, event: FrontEvent): void {
  if (context.format === 'json') {
    context.out(JSON.stringify({ event: 'request', ...event }));
    return;
  }
  const outcome = event.answeredBy === 'prism' ? 'answered by Prism' : `${event.code ?? 'refused'}${event.parameter ? ` (${event.parameter})` : ''}`;
  context.out(`${event.method} ${shorten(event.target)} → ${event.status} ${outcome}`);
}

function shorten(target: string): string {
  return target.length > 160 ? `${target.slice(0, 157)}…` : target;
}

