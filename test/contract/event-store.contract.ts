import { appendContract } from './event-store.contract.append';
import { gaplessContract } from './event-store.contract.gapless';
import { idempotencyContract } from './event-store.contract.idempotency';
import { upcastingContract, verificationContract } from './event-store.contract.integrity';
import { readContract } from './event-store.contract.read';
import type {
  ContractSettings,
  EventStoreContractOptions,
  EventStoreFixture,
  MakeEventStoreFixture,
} from './event-store.contract.types';

export type * from './event-store.contract.types';

/**
 * The guarantees every EventStore adapter keeps (see docs/architecture.md, "Event store
 * guarantees"). Call it from each adapter's spec with a factory for a fresh, empty store.
 * Tampering tests need `options.tamper` and `fixture.tamper` (engines whose rows can be edited);
 * without them they show as skipped. Engines that number positions differently, or check event
 * ids per stream only, say so in `options` (see EventStoreContractOptions).
 */
export const eventStoreContract = (
  name: string,
  makeStore: MakeEventStoreFixture,
  options: EventStoreContractOptions = {},
): void => {
  const settings: ContractSettings = {
    gaplessSeconds: options.gaplessSeconds ?? Number(process.env.SENSEI_GAPLESS_SECONDS ?? 5),
    tamper: options.tamper ?? false,
    positions: options.positions ?? 'gapless',
    eventIdsUniqueAcrossStreams: options.eventIdsUniqueAcrossStreams ?? true,
  };

  describe(`${name}: EventStore contract`, () => {
    let current: EventStoreFixture | undefined;
    const fixture = (): EventStoreFixture => {
      if (!current) throw new Error('no store: the contract fixture was not set up');
      return current;
    };
    beforeEach(async () => {
      current = await makeStore();
    }, 60_000);
    afterEach(async () => {
      await current?.cleanup();
      current = undefined;
    }, 60_000);

    describe('append', () => appendContract(fixture, settings));
    describe('idempotent append', () => idempotencyContract(fixture, settings));
    describe('read and subscribe', () => readContract(fixture, settings));
    describe('gapless global order', () => gaplessContract(fixture, settings));
    describe('tamper evidence', () => verificationContract(fixture, settings));
    describe('schema versions', () => upcastingContract(fixture));
  });
};
