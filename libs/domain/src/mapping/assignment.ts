export interface Candidate {
  left: string;
  right: string;
  score: number;
}

export interface Assigned<C extends Candidate> extends Candidate {
  candidate: C;
  /** The best other candidate for the same right-hand side that scored (nearly) as well. */
  rival?: C;
}

/** Two scores closer than this are a tie: the evidence cannot tell the candidates apart. */
export const tieMargin = 0.02;

const byScoreThenName = (a: Candidate, b: Candidate) =>
  b.score - a.score || a.right.localeCompare(b.right) || a.left.localeCompare(b.left);

/**
 * One-to-one assignment, best score first. Greedy rather than Hungarian on purpose: a mapping's
 * confidence must stand on its own evidence, not be traded against other columns' for a better
 * total. Near-ties are reported (`rival`) so the caller can send them to a human; order is fully
 * determined by score and names, so the same schemas always give the same assignment.
 */
export const greedyOneToOne = <C extends Candidate>(
  candidates: readonly C[],
): (C & Assigned<C>)[] => {
  const sorted = [...candidates].sort(byScoreThenName);
  const usedLeft = new Set<string>();
  const usedRight = new Set<string>();
  const assigned: (C & Assigned<C>)[] = [];
  for (const candidate of sorted) {
    if (usedLeft.has(candidate.left) || usedRight.has(candidate.right)) continue;
    usedLeft.add(candidate.left);
    usedRight.add(candidate.right);
    const rival = sorted.find(
      (other) =>
        other !== candidate &&
        (other.right === candidate.right || other.left === candidate.left) &&
        candidate.score - other.score < tieMargin,
    );
    assigned.push({ ...candidate, candidate, ...(rival ? { rival } : {}) });
  }
  return assigned;
};
