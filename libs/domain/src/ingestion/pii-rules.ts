import {
  isCreditCardNumber,
  isEmail,
  ibanValid,
  isIpAddress,
  isPhoneNumber,
  isPlausibleBirthDate,
  isStreetAddress,
  isUsSsn,
  looksLikePersonName,
} from './pii-checks';

export const piiCategories = [
  'email',
  'phone',
  'credit_card',
  'iban',
  'national_id',
  'ip_address',
  'postal_address',
  'person_name',
  'birth_date',
] as const;
export type PiiCategory = (typeof piiCategories)[number];

/** `BillingPostalCode`, `billing_postal_code` -> `billing postal code` as tokens. */
export const nameTokens = (column: string): string[] =>
  column
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);

type Tokens = readonly string[];
const any = (tokens: Tokens, ...words: string[]) => words.some((word) => tokens.includes(word));

export interface PiiRule {
  category: PiiCategory;
  /** Confidence a matching column name gives on its own. */
  nameConfidence: number;
  matchesName: (tokens: Tokens) => boolean;
  matchesValue: (value: string) => boolean;
  /**
   * Strict checks (checksums, exact syntax) are evidence on their own: a column can be flagged by
   * its values alone, and a name hint whose values fail the check loses confidence.
   */
  strict: boolean;
}

/** First matching name wins, so `email_address` is an email, not a postal address. */
export const piiRules: readonly PiiRule[] = [
  {
    category: 'email',
    nameConfidence: 0.9,
    strict: true,
    matchesValue: isEmail,
    matchesName: (t) => any(t, 'email', 'mail', 'emailaddress'),
  },
  {
    category: 'ip_address',
    nameConfidence: 0.8,
    strict: true,
    matchesValue: isIpAddress,
    matchesName: (t) => any(t, 'ip', 'ipaddress', 'ipv4', 'ipv6'),
  },
  {
    category: 'credit_card',
    nameConfidence: 0.85,
    strict: true,
    matchesValue: isCreditCardNumber,
    matchesName: (t) =>
      any(t, 'creditcard', 'ccnumber', 'pan') || (any(t, 'card') && any(t, 'number', 'no', 'num')),
  },
  {
    category: 'iban',
    nameConfidence: 0.9,
    strict: true,
    matchesValue: ibanValid,
    matchesName: (t) => any(t, 'iban'),
  },
  {
    category: 'national_id',
    nameConfidence: 0.9,
    strict: true,
    matchesValue: isUsSsn,
    matchesName: (t) =>
      any(t, 'ssn', 'passport', 'national', 'nino', 'sin') ||
      (any(t, 'social') && any(t, 'security')) ||
      (any(t, 'tax') && any(t, 'id', 'number')),
  },
  {
    category: 'phone',
    nameConfidence: 0.85,
    strict: false,
    matchesValue: isPhoneNumber,
    matchesName: (t) =>
      any(t, 'phone', 'telephone', 'tel', 'fax', 'mobile', 'cell', 'cellphone', 'msisdn'),
  },
  {
    category: 'birth_date',
    nameConfidence: 0.9,
    strict: false,
    matchesValue: isPlausibleBirthDate,
    matchesName: (t) => any(t, 'birth', 'birthday', 'birthdate', 'dob'),
  },
  {
    category: 'person_name',
    nameConfidence: 0.85,
    strict: false,
    matchesValue: looksLikePersonName,
    matchesName: (t) =>
      any(t, 'surname', 'firstname', 'lastname', 'fullname', 'forename') ||
      (any(t, 'first', 'last', 'given', 'family', 'middle', 'maiden', 'full') && any(t, 'name')),
  },
  {
    category: 'postal_address',
    nameConfidence: 0.85,
    strict: false,
    matchesValue: isStreetAddress,
    matchesName: (t) => any(t, 'address', 'street', 'addr', 'address1', 'address2'),
  },
  {
    category: 'postal_address',
    nameConfidence: 0.7,
    strict: false,
    matchesValue: () => false,
    matchesName: (t) =>
      any(t, 'zip', 'zipcode', 'postcode', 'postalcode') ||
      (any(t, 'postal', 'post') && any(t, 'code')),
  },
  {
    category: 'postal_address',
    nameConfidence: 0.6,
    strict: false,
    matchesValue: () => false,
    matchesName: (t) => any(t, 'city', 'town'),
  },
];

/** Keys and references (`CustomerId`, `support_rep_id`) are not personal data in themselves. */
export const isKeyColumn = (tokens: Tokens): boolean =>
  any(tokens.slice(-1), 'id', 'key', 'fk', 'pk', 'uuid', 'guid');
