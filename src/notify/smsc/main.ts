// `npm run smsc`: the SMSC simulator on its own, configured from SMSC_* variables (see env.ts).
import { pino } from 'pino';
import { parseSmscEnv, SmscEnvError } from './env.ts';
import { startSimulator } from './simulator.ts';

const logger = pino({ name: 'smsc' });

let settings;
try {
  settings = parseSmscEnv(process.env);
} catch (error) {
  if (!(error instanceof SmscEnvError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

const simulator = await startSimulator({ ...settings, logger });
logger.info(
  { port: simulator.port, host: settings.host, config: { ...simulator.control.getConfig(), password: '***' } },
  'smsc: listening',
);

let stopping = false;
const stop = (signal: NodeJS.Signals): void => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'smsc: stopping');
  simulator.close().then(
    () => process.exit(0),
    (error: unknown) => {
      logger.error({ err: error }, 'smsc: failed to stop cleanly');
      process.exit(1);
    },
  );
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
