import { SenseiError } from '@sensei/domain';
import type { Upcaster } from '../event-store.port';

/** Applies registered upcasters in order, from a stored schema version to the latest one. */
export class UpcasterChain {
  private readonly steps = new Map<string, Upcaster>();

  constructor(upcasters: readonly Upcaster[] = []) {
    for (const upcaster of upcasters) {
      const key = this.key(upcaster.type, upcaster.fromVersion);
      if (this.steps.has(key)) {
        throw new SenseiError(
          'VALIDATION.FAILED',
          `Two upcasters for ${upcaster.type} v${upcaster.fromVersion}: register one per version step`,
          { type: upcaster.type, fromVersion: upcaster.fromVersion },
        );
      }
      this.steps.set(key, upcaster);
    }
  }

  upcast(
    type: string,
    schemaVersion: number,
    data: unknown,
  ): { schemaVersion: number; data: unknown } {
    let version = schemaVersion;
    let current = data;
    for (let step = this.step(type, version); step; step = this.step(type, version)) {
      current = step.upcast(current);
      version += 1;
    }
    return { schemaVersion: version, data: current };
  }

  private step(type: string, version: number): Upcaster | undefined {
    return this.steps.get(this.key(type, version));
  }

  private key(type: string, version: number): string {
    return `${version}:${type}`;
  }
}
