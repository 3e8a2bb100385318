import { readFileSync } from 'node:fs';
import { lowerFirst } from '../emit/code.js';
import { loadSpec } from '../load.js';
import { buildModel, type DocumentModel, type OperationModel } from '../model.js';
import { freePort, startPrismProcess, type PrismProcess, type RunningServer } from '../mock/prism-process.js';
import { startStrictFront, type FrontEvent } from '../mock/strict-front.js';
import { displayName, specPath, stringOption, UsageError, type Command, type CommandContext } from './context.js';

const HOST = '127.0.0.1';
const DEFAULT_PORT = 4010;

/**
 * Serves the spec with Prism on 127.0.0.1 until SIGINT or SIGTERM. With --strict a front checks
 * every request against the contract first and Prism listens on an internal port behind it.
 */
export const mockCommand: Command = async (context) => {
  // Listening for the signals comes first: one that arrives while Prism starts must still stop it.
  const signal = nextSignal();
  const servers: RunningServer[] = [];
  const stopAll = async () => {
    for (const server of [...servers].reverse()) await server.stop();
  };
  try {
    const spec = specPath(context);
    const port = portOption(context);
    const strict = context.options['strict'] === true;
    const generatedDir = stringOption(context, 'out') ?? 'generated';
    const name = displayName(spec);
    const model = buildModel(await loadSpec({ text: readFileSync(spec, 'utf8'), name }));

    const prism = await startPrismProcess({ spec, port: strict ? await freePort(HOST) : port, host: HOST });
    servers.push(prism);
    let url = prism.url;
    if (strict) {
      const front = await startStrictFront({ model, generatedDir, upstream: prism.url, port, host: HOST, onRequest: (event) => logRequest(context, event) });
      servers.push(front);
      url = front.url;
    }
    announce({ context, model, spec: name, url, strict, prism });

    const outcome = await Promise.race([signal.promise.then((received) => ({ kind: 'signal' as const, name: received })), prism.exited.then(() => ({ kind: 'crash' as const }))]);
    if (outcome.kind === 'crash') {
      context.err(`Prism stopped unexpectedly:\n${prism.output()}`);
      await stopAll();
      return 1;
    }
    await stopAll();
    if (context.format === 'text') context.out(`Stopped (${outcome.name}).`);
    return 0;
  } catch (error) {
    await stopAll();
    throw error;
  } finally {
    signal.dispose();
  }
};

function portOption(context: CommandContext): number {
  const text = stringOption(context, 'port') ?? String(DEFAULT_PORT);
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65_535) throw new UsageError(`--port takes a port number from 1 to 65535, not ${text}`);
  return port;
}

function nextSignal(): { promise: Promise<NodeJS.Signals>; dispose(): void } {
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
  let onSignal: (name: NodeJS.Signals) => void = () => undefined;
  const promise = new Promise<NodeJS.Signals>((resolve) => {
    onSignal = resolve;
  });
  for (const name of signals) process.on(name, onSignal);
  return { promise, dispose: () => signals.forEach((name) => process.off(name, onSignal)) };
}

function announce({ context, model, spec, url, strict, prism }: { context: CommandContext; model: DocumentModel; spec: string; url: string; strict: boolean; prism: PrismProcess }): void {
  const op = model.operations[0];
  const example = op && preferExample(op);
  if (context.format === 'json') {
    context.out(JSON.stringify({ url, strict, spec, prism: prism.url, prismPid: prism.pid, ...(example ? { prefer: example } : {}) }));
    return;
  }
  const lines = [
    `Mock of ${spec} listening on ${url}${strict ? ' (strict)' : ''}`,
    strict
      ? `  Every request is checked against the contract first (action, signature, parameters) and refused with the documented error; the rest goes to Prism on ${prism.url}.`
      : '  Prism checks declared parameters loosely; add --strict to hold every request to the whole contract.',
    'Point the generated client at it:',
    `  const client = createClient({ endpoint: '${url}', credentials: { accessKeyId: 'test', accessKeySecret: 'test' } });`,
  ];
  if (op !== undefined && example !== undefined) {
    lines.push(
      'Ask for a documented error:',
      `  await client.${lowerFirst(op.operationId)}(request, { prefer: { code: ${example.code}, example: '${example.example}' } });`,
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
