import { pino, type Logger } from 'pino';

export type { Logger };

/** JSON logs (pino). Authorization headers and secrets never reach the output. */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  return pino(
    {
      level,
      base: { service: 'shk-core-team-bot' },
      redact: {
        paths: ['req.headers.authorization', 'headers.authorization', '*.appPassword', '*.key', 'password', 'key'],
        censor: '***',
      },
    },
    destination as pino.DestinationStream | undefined,
  );
}

/** A logger that writes nothing (tests that do not look at logs). */
export const silentLogger = (): Logger => pino({ level: 'silent' });
