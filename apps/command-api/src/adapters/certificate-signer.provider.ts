import { type FactoryProvider, Logger } from '@nestjs/common';
import type { CertificateSigner } from '@sensei/kora';
import type { CommandApiAdapters } from './create-adapters';
import { CERTIFICATE_SIGNER } from './tokens';

/**
 * One signer per process, behind the KORA port: GET /kora/public-key publishes its key and the
 * inline agents sign with it. It is opened with the other adapters, before Nest, so a malformed
 * key stops the start with one line; what opening it had to say is logged here, at the app's
 * log level.
 */
export const certificateSignerProvider = (
  adapters: CommandApiAdapters,
): FactoryProvider<CertificateSigner> => ({
  provide: CERTIFICATE_SIGNER,
  useFactory: () => {
    const logger = new Logger('KORA');
    for (const line of adapters.signerLog) logger.log(line);
    const { keyId, keySource } = adapters.signer;
    logger.log(`certificates are signed with Ed25519 key ${keyId} (${keySource})`);
    return adapters.signer;
  },
});
