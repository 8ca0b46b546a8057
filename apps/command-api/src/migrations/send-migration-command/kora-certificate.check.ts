import { SenseiError } from '@sensei/domain';
import type { ArtifactStore } from '@sensei/infra';
import { type CertificateDocument, type CertificateSigner, verifyCertificate } from '@sensei/kora';

const invalid = (message: string, details: Record<string, unknown> = {}) =>
  new SenseiError('VALIDATION.FAILED', message, { field: 'documentHash', ...details });

/**
 * A PASSED certificate recorded over HTTP must be a KORA document already in the artifact store,
 * signed with this installation's key, for this migration, with its evidence intact: a caller
 * can report a failure, but cannot vouch for data KORA did not verify.
 */
export const assertKoraPassed = async (
  migrationId: string,
  documentHash: string | undefined,
  artifacts: ArtifactStore,
  signer: CertificateSigner,
) => {
  if (!documentHash) {
    throw invalid('a PASSED certificate needs documentHash: the KORA certificate it records');
  }
  const bytes = await artifacts.get(documentHash).catch((error: unknown) => {
    throw invalid(`certificate ${documentHash}: ${(error as Error).message}`);
  });
  const verdict = await verifyCertificate(bytes, {
    publicKey: signer.publicKey,
    evidence: { description: artifacts.description, read: (hash) => artifacts.get(hash) },
  });
  if (!verdict.authentic) {
    throw invalid(`certificate ${documentHash} is not valid: ${verdict.problem?.message ?? ''}`);
  }
  if (verdict.migrationId !== migrationId || verdict.status !== 'PASSED') {
    throw invalid(
      `certificate ${documentHash} is ${verdict.status} for migration ${verdict.migrationId}, not PASSED for ${migrationId}`,
    );
  }
  const { payload, signature } = JSON.parse(
    Buffer.from(bytes).toString('utf8'),
  ) as CertificateDocument;
  return {
    certificateId: payload.certificateId,
    status: payload.status,
    signature: signature.value,
    publicKey: signature.publicKey,
    documentHash,
  };
};
