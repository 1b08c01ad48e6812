import { EmbeddedPostgresError } from './db/embedded.ts';
import { startPlatform } from './platform.ts';
import { startProcess, stopOnSignals } from './process-entry.ts';

/** `npm start`: parse config, start everything, and stop it all cleanly on SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const { config, logger } = startProcess('salus');
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
  // Requests drain for SHUTDOWN_GRACE_MS; 25 s more for the workers and the embedded database to stop.
  stopOnSignals(
    logger,
    'draining requests, stopping workers and the database',
    () => platform.close(),
    config.SHUTDOWN_GRACE_MS + 25_000,
  );
}

await main();
