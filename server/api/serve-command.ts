import type { Server } from 'node:http';
import { AtlasDb } from '../db/database.ts';
import { createLogger } from '../log.ts';
import { parseCommandArgs, type CliCommand } from '../cli/command.ts';
import { createApp } from './app.ts';
import { isEmptyDatabase, loadSampleData } from './sample-bootstrap.ts';

const usage = `Usage: atlas serve [--port N] [--host H] [--no-sample]

Serve the dashboard and the API. On first start with an empty database (nothing ever ingested), generates the embedded
sample data (scale 1) and ingests it, then reuses the database on later starts.

Options:
  --port N      port (default PORT or 3000)
  --host H      interface (default HOST or 127.0.0.1)
  --no-sample   start with an empty database instead of loading the sample data
`;

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the dashboard and the API on http://HOST:PORT',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs({ usage }, io, argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      'no-sample': { type: 'boolean' },
    });
    if (!args) return 0;
    const port = Number(args.values.port ?? process.env.PORT ?? 3000);
    const host = String(args.values.host ?? process.env.HOST ?? '127.0.0.1');
    const log = createLogger();
    const db = await AtlasDb.open();
    if (!args.values['no-sample'] && (await isEmptyDatabase(db))) {
      io.stderr.write(`First start: loading the sample data into ${db.path}…\n`);
      await loadSampleData(db, log);
    }
    const atlas = await createApp({ db, log, warm: true, host });
    const server: Server = await new Promise((resolve, reject) => {
      const s = atlas.app.listen(port, host, () => resolve(s));
      s.on('error', reject);
    });
    log.info({ url: `http://${host}:${port}`, database: db.path }, 'serving');
    io.stderr.write(`Public Data Atlas on http://${host}:${port} (database ${db.path})\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        log.info('shutting down');
        server.close(() => resolve());
        server.closeAllConnections();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    await atlas.close();
    db.close();
    return 0;
  },
};
