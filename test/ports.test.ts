import { expect, it } from 'vitest';
import { answers } from '../conformance/mock/prism-process.js';
import { closedPort, ephemeralRange, reservedPort } from './support/ports.js';

const { low, high } = ephemeralRange();
const outsideEphemeral = (port: number) => port < low || port > high;

it('closedPort is one the OS never hands out for port 0, and nothing answers on it', async () => {
  const port = await closedPort();
  expect({ outsideEphemeral: outsideEphemeral(port), answers: await answers({ host: '127.0.0.1', port }) }).toEqual({ outsideEphemeral: true, answers: false });
});

it('reservedPort gives each call a port of its own that the OS never hands out for port 0', async () => {
  const ports = [await reservedPort(), await reservedPort(), await reservedPort()];
  expect({ distinct: new Set(ports).size, outsideEphemeral: ports.every(outsideEphemeral), closed: ports.includes(await closedPort()) }).toEqual({ distinct: 3, outsideEphemeral: true, closed: false });
});
