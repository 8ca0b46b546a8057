import { MultiBar, Presets, type SingleBar } from 'cli-progress';
import type { PipelinePhase, PipelineProgress } from '@sensei/infra';

const line = (text: string) => process.stderr.write(`${text}\n`);

/**
 * Progress on a terminal: one bar per phase and table (rows, rows/s, ETA). Anywhere else (CI,
 * a pipe, a log file) plain lines: one when a table starts, one per 25% and one when it is done.
 */
export const terminalProgress = (interactive = Boolean(process.stderr.isTTY)): PipelineProgress =>
  interactive ? barProgress() : lineProgress();

const barProgress = (): PipelineProgress => {
  const bars = new MultiBar(
    {
      stream: process.stderr,
      format:
        ' {phase} {table} [{bar}] {value}/{total} rows | {speed} rows/s | ETA {eta_formatted}',
      hideCursor: true,
      clearOnComplete: false,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  const open = new Map<string, { bar: SingleBar; started: number }>();
  // Tables run one after another: a table's work began when the previous report was made.
  let lastReport = Date.now();
  return {
    phaseStarted: (phase, detail) => {
      lastReport = Date.now();
      bars.log(`${phase}${detail ? `: ${detail}` : ''}\n`);
    },
    tableProgress: (phase, table, rows, totalRows) => {
      const key = `${phase}/${table}`;
      let entry = open.get(key);
      if (!entry) {
        const bar = bars.create(totalRows ?? rows, 0, { phase: phase.padEnd(14), table, speed: 0 });
        entry = { bar, started: lastReport };
        open.set(key, entry);
      }
      lastReport = Date.now();
      const seconds = Math.max((Date.now() - entry.started) / 1000, 0.001);
      if (totalRows !== undefined) entry.bar.setTotal(Math.max(totalRows, rows));
      entry.bar.update(rows, { speed: Math.round(rows / seconds) });
    },
    phaseDone: (phase, summary) => {
      for (const [key, entry] of open) if (key.startsWith(`${phase}/`)) entry.bar.stop();
      bars.log(`${phase} done: ${summary}\n`);
      if (phase === 'delivery') bars.stop();
    },
  };
};

const lineProgress = (): PipelineProgress => {
  const reported = new Map<string, number>();
  const started = new Map<string, number>();
  // Tables run one after another: a table's work began when the previous report was made.
  let lastReport = Date.now();
  return {
    phaseStarted: (phase: PipelinePhase, detail?: string) => {
      lastReport = Date.now();
      line(`${phase}: started${detail ? ` (${detail})` : ''}`);
    },
    tableProgress: (phase, table, rows, totalRows) => {
      const key = `${phase}/${table}`;
      if (!started.has(key)) started.set(key, lastReport);
      lastReport = Date.now();
      const quarter = totalRows ? Math.floor((rows / Math.max(totalRows, 1)) * 4) : 0;
      if ((reported.get(key) ?? -1) >= quarter) return;
      reported.set(key, quarter);
      const seconds = Math.max((Date.now() - (started.get(key) ?? Date.now())) / 1000, 0.001);
      const rate = Math.round(rows / seconds);
      line(
        `${phase}: ${table} ${rows}${totalRows !== undefined ? `/${totalRows}` : ''} rows (${rate} rows/s)`,
      );
    },
    phaseDone: (phase, summary) => line(`${phase}: done, ${summary}`),
  };
};
