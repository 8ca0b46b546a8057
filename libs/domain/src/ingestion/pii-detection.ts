import { isKeyColumn, nameTokens, piiRules, type PiiCategory, type PiiRule } from './pii-rules';

/** A column is reported as personal data from this confidence on. */
export const PII_FLAG_THRESHOLD = 0.5;
/** Share of values that must pass a strict check for values alone to flag a column. */
const VALUE_ONLY_RATIO = 0.8;

export interface PiiFinding {
  column: string;
  category: PiiCategory;
  /** In [0, 1]. */
  confidence: number;
  /** Why, in words a reviewer can check against the data. */
  evidence: string[];
}

const round = (value: number) => Math.round(value * 1000) / 1000;

interface ValueEvidence {
  ratio: number;
  matched: number;
  total: number;
}

const valueEvidence = (rule: PiiRule, texts: readonly string[]): ValueEvidence | undefined => {
  if (texts.length === 0) return undefined;
  const matched = texts.filter((text) => rule.matchesValue(text)).length;
  return { ratio: matched / texts.length, matched, total: texts.length };
};

const judge = (
  column: string,
  rule: PiiRule,
  byName: boolean,
  values: ValueEvidence | undefined,
): PiiFinding | undefined => {
  const evidence: string[] = [];
  let confidence = 0;
  if (byName) {
    confidence = rule.nameConfidence;
    evidence.push(`column name "${column}" suggests ${rule.category}`);
  }
  if (values && values.matched > 0) {
    evidence.push(`${values.matched}/${values.total} sampled values look like ${rule.category}`);
  }
  if (byName && values) {
    if (values.ratio >= 0.5) confidence += (1 - confidence) * values.ratio * 0.9;
    else if (rule.strict && values.ratio < 0.1) confidence *= 0.5;
  } else if (!byName && values && rule.strict && values.ratio >= VALUE_ONLY_RATIO) {
    confidence = 0.95 * values.ratio;
  }
  return confidence >= PII_FLAG_THRESHOLD
    ? { column, category: rule.category, confidence: round(Math.min(confidence, 1)), evidence }
    : undefined;
};

/**
 * Decides whether a column holds personal data, from its name and its sampled values (only text
 * values are looked at). Returns the most confident finding, or undefined below the threshold.
 * Key columns (`*_id`, `*Id`) are never flagged unless their name says national id.
 */
export const detectPii = (column: string, values: readonly unknown[]): PiiFinding | undefined => {
  const tokens = nameTokens(column);
  const texts = values.filter(
    (value): value is string => typeof value === 'string' && value.trim() !== '',
  );
  const findings = piiRules.flatMap((rule) => {
    const byName = rule.matchesName(tokens);
    if (isKeyColumn(tokens) && !(byName && rule.category === 'national_id')) return [];
    if (!byName && !rule.strict) return [];
    const finding = judge(column, rule, byName, valueEvidence(rule, texts));
    return finding ? [finding] : [];
  });
  // The first name rule that matched takes precedence; otherwise the most confident value match.
  const named = findings.find((finding) => finding.evidence[0]?.startsWith('column name'));
  return named ?? findings.sort((a, b) => b.confidence - a.confidence)[0];
};

/** Findings for every column of sampled rows that is flagged. */
export const detectPiiInRows = (
  columns: readonly string[],
  rows: readonly Record<string, unknown>[],
): PiiFinding[] =>
  columns.flatMap((column) => {
    const finding = detectPii(
      column,
      rows.map((row) => row[column]),
    );
    return finding ? [finding] : [];
  });
