// KORA (verification engine, certificates) arrives with its own issue; see issues/4.
export const koraVersion = '0.0.0';
