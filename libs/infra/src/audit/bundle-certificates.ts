import {
  canonicalJsonBytes,
  type EvidenceSource,
  sha256Hex,
  verifyCertificate,
} from '@sensei/kora';
import type { AuditBundle, BundleCertificate, BundleStream } from './audit-bundle';
import type { BundleProblem, VerifiedCertificate } from './bundle-verdict';

const evidenceIn = (certificate: BundleCertificate): EvidenceSource => ({
  description: `the bundle (certificate ${certificate.certificateId})`,
  read: async (hash) => {
    const file = certificate.evidence.find((evidence) => evidence.hash === hash);
    return file && new Uint8Array(Buffer.from(file.base64, 'base64'));
  },
});

/** `documentHash` of every CertificateIssued event, with where it was recorded. */
export const issuedCertificates = (streams: readonly BundleStream[]) =>
  streams.flatMap((stream) =>
    stream.events.flatMap((event) => {
      const certificate = (event.data as { certificate?: Record<string, unknown> } | null)
        ?.certificate;
      if (event.type !== 'CertificateIssued' || typeof certificate?.documentHash !== 'string') {
        return [];
      }
      return [
        {
          documentHash: certificate.documentHash,
          certificateId: String(certificate.certificateId),
          evidenceHash: String(certificate.evidenceHash),
          where: `stream ${stream.streamId} revision ${event.revision} (position ${event.position})`,
        },
      ];
    }),
  );

/** A bundled certificate checked as `sensei verify` would, and bound to the event that issued it. */
export const certificateProblem = async (
  certificate: BundleCertificate,
  bundle: AuditBundle,
): Promise<{ problem?: BundleProblem; verified?: VerifiedCertificate }> => {
  const { certificateId } = certificate;
  const fail = (message: string) => ({
    problem: {
      part: 'certificate' as const,
      certificateId,
      message: `certificate ${certificateId}: ${message}`,
    },
  });
  let bytes: Uint8Array;
  try {
    bytes = canonicalJsonBytes(certificate.document, 'certificate');
  } catch (error) {
    return fail(`its document is not JSON a certificate can hold (${(error as Error).message})`);
  }
  const verdict = await verifyCertificate(bytes, { evidence: evidenceIn(certificate) });
  if (verdict.problem) return fail(verdict.problem.message);
  const recorded = issuedCertificates(bundle.payload.streams).find(
    (issued) => issued.documentHash === verdict.documentHash,
  );
  if (!recorded || sha256Hex(bytes) !== certificate.documentHash) {
    return fail(
      `its document (hash ${verdict.documentHash}) is not one the migration's events record`,
    );
  }
  const consistent =
    verdict.certificateId === certificateId &&
    recorded.certificateId === certificateId &&
    recorded.evidenceHash === certificate.evidenceHash &&
    verdict.status === certificate.status &&
    verdict.migrationId === bundle.payload.migrationId;
  if (!consistent) {
    return fail(
      `its id, status, evidence hash or migration differ from the signed document and the event at ${recorded.where}`,
    );
  }
  return {
    verified: {
      certificateId,
      status: certificate.status,
      ...(verdict.keyId ? { keyId: verdict.keyId } : {}),
      evidenceChecked: verdict.evidenceChecked,
    },
  };
};
