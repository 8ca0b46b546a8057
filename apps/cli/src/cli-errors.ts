import { isSenseiError } from '@sensei/domain';
import { CommanderError } from 'commander';

/**
 * One line on stderr, naming cause and fix; the stack only with SENSEI_DEBUG=1. Exit status 1
 * for a refused or failed command (commander's usage errors keep their own status).
 */
export const reportError = (error: unknown): number => {
  if (error instanceof CommanderError) return error.exitCode;
  const message = isSenseiError(error)
    ? error.message
    : `unexpected failure: ${error instanceof Error ? error.message : String(error)} (run again with SENSEI_DEBUG=1 for details)`;
  process.stderr.write(`sensei: ${message.split('\n')[0]}\n`);
  if (process.env.SENSEI_DEBUG === '1' && error instanceof Error) {
    process.stderr.write(`${error.stack ?? ''}\n`);
  }
  return 1;
};
