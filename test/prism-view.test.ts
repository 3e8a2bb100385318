import { mkdirSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startPrismOnFreePort } from '../conformance/mock/prism-process.js';
import { parse, stringify } from 'yaml';
import { prismDocument, prismPaths, sharedWirePaths } from '../conformance/mock/prism-view.js';
import type { DocumentModel } from '../generator/model.js';
import { readWidgetDocument } from './support/generated-package.js';
import { ANSWER_TIMEOUT_MS } from './support/patience.js';

// What Prism is given: the contract, less what Prism cannot read. The front judges the rest.

describe('prismPaths', () => {
  it('leaves a path without a fragment where it is', () => {
    expect([...prismPaths(['/', '/widgets'])]).toEqual([
      ['/', '/'],
      ['/widgets', '/widgets'],
    ]);
  });

  it('gives /#Action a path of its own when another takes the path it travels to', () => {
    expect([...prismPaths(['/', '/#StopInstance', '/v1', '/v1#Stop Instance'])]).toEqual([
      ['/', '/'],
      ['/#StopInstance', '/.operation/StopInstance'],
      ['/v1', '/v1'],
      ['/v1#Stop Instance', '/v1/.operation/Stop%20Instance'],
    ]);
  });

  it('serves the first /#Action at the path it travels to when no other takes it, so plain Prism answers it', () => {
    expect([...prismPaths(['/#DescribeInstances', '/#StopInstance'])]).toEqual([
      ['/#DescribeInstances', '/'],
      ['/#StopInstance', '/.operation/StopInstance'],
    ]);
  });
});

describe('prismDocument', () => {
  it('is undefined (Prism gets the document itself) when nothing in it is beyond Prism', () => {
    expect(prismDocument({ text: stringify(readWidgetDocument()) })).toBeUndefined();
  });

  it('behind the strict front, makes every required query parameter optional: the front has judged them, and Prism reads Name= as not sent', () => {
    const served = parse(prismDocument({ text: stringify(readWidgetDocument()), behindFront: true })!);
    const query = [...served.paths['/'].post.parameters, ...Object.values<Record<string, unknown>>(served.components?.parameters ?? {})].filter((p) => p['in'] === 'query');
    expect(query.filter((p) => p['required'] === true)).toEqual([]);
    expect(query.length).toBeGreaterThan(0);
  });

  // Prism reads a form object as bare Field pairs, so its required field was missing from every request: 400 to each valid one.
  it('lets plain Prism answer a valid request beside an optional object parameter with a required field', async () => {
    const document = readWidgetDocument();
    document.paths['/'].post.parameters.push({ name: 'Filter', in: 'query', required: false, schema: { type: 'object', additionalProperties: false, required: ['Owner'], properties: { Owner: { type: 'string' } } } });
    const spec = resolve('.tmp', 'widget-object-parameter.openapi.yaml');
    mkdirSync(resolve('.tmp'), { recursive: true });
    writeFileSync(spec, stringify(document));
    const prism = await startPrismOnFreePort({ spec });
    try {
      const answer = await fetch(`${prism.url}/?Name=sprocket&Size=4&Parts.1.Label=bolt`, {
        method: 'POST',
        headers: { 'x-acs-action': 'CreateWidget', 'x-acs-version': '1999-01-01', authorization: 'ACS3-HMAC-SHA256 Credential=made-up,SignedHeaders=host,Signature=00' },
        signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS),
      });
      expect({ status: answer.status, body: await answer.json() }).toEqual({ status: 200, body: { WidgetId: 'w-1' } });
    } finally {
      await prism.stop();
    }
  });

  it('makes a required list optional, its own or behind a $ref, and leaves every other parameter as it was', () => {
    const document = readWidgetDocument();
    const parameters = document.paths['/'].post.parameters;
    parameters.find((p: { name: string }) => p.name === 'Parts').required = true;
    document.components.parameters = { Tags: { ...parameters.find((p: { name: string }) => p.name === 'Tags'), required: true } };
    parameters.splice(parameters.findIndex((p: { name: string }) => p.name === 'Tags'), 1, { $ref: '#/components/parameters/Tags' });
    const served = parse(prismDocument({ text: stringify(document) })!);
    const required = (list: { name?: string; $ref?: string; required?: boolean }[]) => list.map((p) => [p.name ?? p.$ref, p.required ?? false]);
    expect(required(served.paths['/'].post.parameters)).toEqual(required(parameters).map(([name, was]) => [name, name === 'Parts' ? false : was]));
    expect(served.components.parameters.Tags.required).toBe(false);
  });

  it('serves a document whose operations all sit on /#Action paths, the first at /', () => {
    const document = readWidgetDocument();
    document.paths = { '/#CreateWidget': document.paths['/'], '/#DestroyWidget': { post: { ...document.paths['/'].post, operationId: 'DestroyWidget' } } };
    const served = parse(prismDocument({ text: stringify(document) })!);
    expect(Object.keys(served.paths)).toEqual(['/', '/.operation/DestroyWidget']);
    expect(served.paths['/'].post.operationId).toBe('CreateWidget');
  });

  it('gives each /#Action path one of its own, keeping its operation', () => {
    const document = readWidgetDocument();
    document.paths['/#DestroyWidget'] = { post: { ...document.paths['/'].post, operationId: 'DestroyWidget' } };
    const served = parse(prismDocument({ text: stringify(document) })!);
    expect(Object.keys(served.paths)).toEqual(['/', '/.operation/DestroyWidget']);
    expect(served.paths['/.operation/DestroyWidget'].post.operationId).toBe('DestroyWidget');
  });

  it('is undefined for a document that does not parse, so that Prism says what is wrong with it', () => {
    expect(prismDocument({ text: 'paths: [unclosed' })).toBeUndefined();
  });
});

describe('sharedWirePaths', () => {
  const model = (paths: [string, string][]) => ({ operations: paths.map(([operationId, path]) => ({ operationId, path, method: 'POST' })) }) as unknown as DocumentModel;

  it('groups the operations that travel as the same method and path', () => {
    expect(sharedWirePaths(model([['CreateWidget', '/'], ['DestroyWidget', '/#DestroyWidget'], ['ListWidgets', '/list']]))).toEqual([['CreateWidget', 'DestroyWidget']]);
  });

  it('is empty when every operation has a path of its own', () => {
    expect(sharedWirePaths(model([['CreateWidget', '/'], ['ListWidgets', '/list']]))).toEqual([]);
  });
});
