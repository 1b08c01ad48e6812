import pino from 'pino';
import { ConfigError, loadConfig } from './config.ts';
import { EmbeddedPostgresError } from './db/embedded.ts';
import { unhandledRejectionHandler } from './jobs/unhandled.ts';
import { startPlatform } from './platform.ts';

/** `npm start`: parse config, start everything, and stop it all cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`salus: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const logger = pino({ level: config.LOG_LEVEL, base: { service: 'salus' } });
  process.on(
    'unhandledRejection',
    unhandledRejectionHandler(logger, (code) => process.exit(code)),
  );
  let platform;
  try {
    platform = await startPlatform(config, logger);
  } catch (error) {
    if (error instanceof EmbeddedPostgresError) {
      process.stderr.write(`salus: ${error.message}\n`);
      process.exit(3);
    }
    logger.fatal({ err: error }, 'start failed');
    process.exit(1);
  }
  logger.info(`Salus is serving at ${platform.url} (API docs at ${platform.url}/docs)`);

  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn(`${signal} again: exiting without waiting`);
      process.exit(130);
    }
    stopping = true;
    logger.info(`${signal}: draining requests, stopping workers and the database`);
    const force = setTimeout(() => {
      logger.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.SHUTDOWN_GRACE_MS + 25_000);
    force.unref();
    platform.close().then(
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

await main();
