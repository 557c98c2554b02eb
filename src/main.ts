import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { serve } from '@hono/node-server';
import { loadConfig } from './config';
import { installProcessGuards } from './process-guards';
import { startSpotlight } from './spotlight';

/**
 * `npm start`: API and worker in one process. `--role api` or `--role worker` (or SPOTLIGHT_ROLE)
 * runs one of them, e.g. several workers beside one API on a shared PostgreSQL.
 */
async function main() {
  installProcessGuards();
  const { values } = parseArgs({ options: { role: { type: 'string' } } });
  const config = loadConfig({ ...process.env, ...(values.role ? { SPOTLIGHT_ROLE: values.role } : {}) });
  const spotlight = await startSpotlight(config);
  if (config.SPOTLIGHT_ROLE !== 'api' && !(config.DETECTOR_MODEL && existsSync(config.DETECTOR_MODEL))) {
    const why = config.DETECTOR_MODEL ? `DETECTOR_MODEL ${config.DETECTOR_MODEL} does not exist` : 'DETECTOR_MODEL is not set';
    console.warn(`warning: ${why}: candidate autodetection will fail (select-track then accepts any track id). See README, "Detector model".`);
  }
  if (config.SPOTLIGHT_ROLE !== 'api' && config.REID_MODEL && !existsSync(config.REID_MODEL)) {
    console.warn(`warning: REID_MODEL ${config.REID_MODEL} does not exist: analyses will fail until it does (unset it to use torso colours).`);
  }
  const database = config.DATABASE_URL ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.pgliteDir}`;

  const server =
    config.SPOTLIGHT_ROLE === 'worker'
      ? undefined
      : serve({ fetch: spotlight.app.fetch, port: config.PORT, hostname: config.HOST }, (info) =>
          console.log(`spotlight ${config.SPOTLIGHT_ROLE} on http://${config.HOST}:${info.port} — ${database}`),
        );
  if (!server) console.log(`spotlight worker ${spotlight.worker?.id} — ${database}`);

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: no new work is claimed; finishing or releasing running steps`);
    server?.close();
    await spotlight.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
