import { SenseiError } from '@sensei/domain';

/** What the AWS SDK attaches to its errors (service answers and transport failures alike). */
interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

/** Where the store is, for messages: never a secret. */
export interface S3Location {
  description: string;
  bucket: string;
  /** `http://host:port` of an S3-compatible server, or `AWS S3 (region)`. */
  endpoint: string;
}

const refusedCredentials = new Set([
  'AccessDenied',
  'InvalidAccessKeyId',
  'SignatureDoesNotMatch',
  'ExpiredToken',
  'InvalidToken',
  'CredentialsProviderError',
]);

const statusOf = (error: unknown) => (error as SdkError).$metadata?.httpStatusCode;

/** An absent object (HeadObject answers a bare 404 "NotFound", GetObject "NoSuchKey"). */
export const isS3NotFound = (error: unknown): boolean => {
  const { name } = error as SdkError;
  return name !== 'NoSuchBucket' && (name === 'NoSuchKey' || statusOf(error) === 404);
};

/** A conditional write lost to a concurrent writer of the same name. */
export const isS3PreconditionFailed = (error: unknown): boolean =>
  statusOf(error) === 412 || statusOf(error) === 409;

const reasonFor = (error: SdkError, status: number | undefined, where: S3Location): string => {
  const name = error.name ?? 'Error';
  if (name === 'NoSuchBucket' || (name === 'NotFound' && status === 404)) {
    return `bucket "${where.bucket}" does not exist; create it or set SENSEI_S3_BUCKET to an existing bucket`;
  }
  if (refusedCredentials.has(name) || status === 403) {
    return `the credentials were refused or are missing (${name}); set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE) to a key allowed to read, write and list the bucket`;
  }
  if (status === 301 || name === 'PermanentRedirect' || name === 'AuthorizationHeaderMalformed') {
    return `the bucket lives in another region (${name}); set SENSEI_S3_REGION to its region`;
  }
  if (status === undefined) {
    const cause = (error.message ?? 'no answer').replace(/^AWS SDK error wrapper for /, '');
    return `cannot connect (${cause}); check SENSEI_S3_ENDPOINT and that the server is running`;
  }
  return `the server answered ${status} ${name}: ${error.message ?? ''}`.trimEnd();
};

/**
 * Turns an AWS SDK failure into ARTIFACT.UNAVAILABLE naming the endpoint, the bucket and the fix;
 * anything else (a local file error) is returned as it is.
 */
export const s3Failure = (error: unknown, where: S3Location): unknown => {
  const fromSdk =
    typeof error === 'object' &&
    error !== null &&
    ('$metadata' in error || (error as SdkError).name === 'CredentialsProviderError');
  if (!fromSdk) return error;
  const status = statusOf(error);
  const sdkError = error as SdkError;
  return new SenseiError(
    'ARTIFACT.UNAVAILABLE',
    `artifact store ${where.description} at ${where.endpoint} is unavailable: ${reasonFor(sdkError, status, where)}`,
    { endpoint: where.endpoint, bucket: where.bucket, cause: sdkError.name, status },
  );
};
