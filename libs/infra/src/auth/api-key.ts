import { createHash, randomBytes } from 'node:crypto';

const PREFIX = 'sensei_';

/** 32 random bytes: high entropy, so a plain sha256 is a sound way to store it. */
export const generateApiKey = (): string => PREFIX + randomBytes(32).toString('base64url');

export const hashApiKey = (key: string): string => createHash('sha256').update(key).digest('hex');
