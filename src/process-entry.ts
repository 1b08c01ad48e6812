import pino, { type Logger } from 'pino';
import { ConfigError, loadConfig, type Config } from './config.ts';
import { unhandledRejectionHandler } from './jobs/unhandled.ts';

/**
 * What every entry point (`npm start`, `npm run allocator`) does first: the configuration parsed once (a bad one
 * exits with code 2 and its message, no stack trace), a logger named after the process, and an unhandled rejection
 * handled as src/jobs/unhandled.ts decides.
 */
export function startProcess(service: string): { config: Config; logger: Logger } {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${service}: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({ level: config.LOG_LEVEL, base: { service } });
  process.on(
    'unhandledRejection',
    unhandledRejectionHandler(logger, (code) => process.exit(code)),
  );
  return { config, logger };
}

/**
 * Stops the process on SIGINT/SIGTERM by awaiting `close`: exit 0 when it resolves, 1 when it fails or takes more
 * than `forceAfterMs`; a second signal exits at once (130), for an operator who does not want to wait.
 */
export function stopOnSignals(logger: Logger, what: string, close: () => Promise<void>, forceAfterMs: number): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(130);
    }
    stopping = true;
    logger.info(`${signal}: stopping ${what}`);
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, forceAfterMs);
    force.unref();
    close().then(
      () => {
        logger.info('stopped cleanly');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
