import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateInto, readWidgetDocument } from './support/generated-package.js';

// The client option that fills the first variable of the server URL is named after that variable
// by the contract (`{RegionId}` gives `regionId`, the widget's `{Zone}` gives `zone`): the runtime
// every generated client shares knows no API's vocabulary.

const CREDENTIALS = { accessKeyId: 'testid', accessKeySecret: 'testsecret' };

async function widgetClient(): Promise<(options: Record<string, unknown>) => { createWidget(request: unknown): Promise<unknown> }> {
  const { dir } = await generateInto({ document: readWidgetDocument(), folder: 'client-options-widget' });
  return (await import(join(dir, 'client.ts'))).createClient;
}

describe("the widget's client (server https://widgets.{Zone}.example.test)", () => {
  it('sends to the address its zone option fills in', async () => {
    const urls: string[] = [];
    const fetch = (async (input: string | URL | Request) => {
      urls.push(String(input));
      return new Response(JSON.stringify({ WidgetId: 'w-1' }), { status: 200 });
    }) as typeof globalThis.fetch;
    const createClient = await widgetClient();
    await createClient({ zone: 'zone-b', credentials: CREDENTIALS, fetch }).createWidget({ Name: 'a', Size: 4 });
    expect(urls.map((url) => new URL(url).origin)).toEqual(['https://widgets.zone-b.example.test']);
  });

  it('without it or an endpoint, says to pass zone, with the default as the example', async () => {
    const createClient = await widgetClient();
    expect(() => createClient({ credentials: CREDENTIALS })).toThrow('pass zone (for example zone-a) or an explicit endpoint');
  });
});
