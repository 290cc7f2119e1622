import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Structured JSON logs on stderr (stdout is kept for machine-readable command output).
 * ATLAS_LOG_LEVEL sets the level (default info; tests default to silent).
 */
export function createLogger(name = 'atlas'): Logger {
  const level = process.env.ATLAS_LOG_LEVEL ?? (process.env.VITEST ? 'silent' : 'info');
  return pino({ name, level, base: { pid: process.pid } }, pino.destination({ fd: 2, sync: false }));
}
