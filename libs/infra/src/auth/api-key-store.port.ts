/** An API key as stored: only the sha256 of the key, never the key itself. */
export interface ApiKeyRecord {
  id: string;
  name: string;
  role: string;
  createdBy: string;
  createdAt: string;
  revokedAt?: string;
}

export interface NewApiKey {
  id: string;
  name: string;
  role: string;
  /** sha256 of the plaintext key, hex. */
  keyHash: string;
  createdBy: string;
  createdAt: string;
}

export abstract class ApiKeyStore {
  abstract ensureSchema(): Promise<void>;
  /** Resolves to `undefined` when a key with this name already exists (names are unique). */
  abstract create(key: NewApiKey): Promise<ApiKeyRecord | undefined>;
  /** Finds an active (not revoked) key by the hash of its plaintext. */
  abstract findActiveByHash(keyHash: string): Promise<ApiKeyRecord | undefined>;
  abstract list(): Promise<ApiKeyRecord[]>;
  /** Resolves to `false` when no active key has this id. */
  abstract revoke(id: string, at: string): Promise<boolean>;
}
