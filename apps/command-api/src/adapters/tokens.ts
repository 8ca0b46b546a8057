/** SqlClient is an interface, so it needs a token; EventStore and the stores are abstract classes. */
export const SQL_CLIENT = Symbol('SQL_CLIENT');
export const COMMAND_API_CONFIG = Symbol('COMMAND_API_CONFIG');
/** The one certificate signer (a KORA `CertificateSigner`): the API publishes its key, agents sign with it. */
export const CERTIFICATE_SIGNER = Symbol('CERTIFICATE_SIGNER');
/** The artifact store (an `ArtifactStore`): agents write partitions, evidence and certificates. */
export const ARTIFACT_STORE = Symbol('ARTIFACT_STORE');
