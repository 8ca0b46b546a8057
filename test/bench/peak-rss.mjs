import { readFileSync } from 'node:fs';

/** VmHWM (peak resident set) of a live process, in bytes; 0 once it is gone. */
export const peakOf = (pid) => {
  try {
    const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
};
