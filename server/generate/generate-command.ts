import { parseCommandArgs, say, type CliCommand } from '../cli/command.ts';
import { AtlasError } from '../errors.ts';
import { DEFAULT_SCALE, DEFAULT_SEED, generateSampleData } from './generate.ts';
import { writeSampleCsvs } from './samples.ts';

const usage = `Usage: atlas generate --out DIR [--scale S] [--seed N] [--csv]
       atlas generate --samples DIR [--seed N]

Write deterministic sample data with planted signals (see sample-data/README.md): every record table as
DIR/<table>.parquet (zstd), in the order org, authorization, registration, authorization_resource, product, usage.
The same seed and scale always give the same data. Prints a JSON report on stdout, progress on stderr.

Options:
  --out DIR       folder to write to (created if missing)
  --scale S       size factor from 0.01 to 1000 (default ${DEFAULT_SCALE}: about 100,000 usage rows; usage grows
                  linearly with S, registrations, agreements and products with the square root of S)
  --seed N        random seed, a whole number (default ${DEFAULT_SEED})
  --csv           also write DIR/<table>.csv (UTF-8, header line, ISO dates)
  --samples DIR   instead, write the small hand-readable CSV samples (sample-data/*.csv) to DIR

Environment: ATLAS_MEMORY_LIMIT (DuckDB memory limit, default 1GB), ATLAS_THREADS.
`;

export const generateCommand: CliCommand = {
  name: 'generate',
  summary: 'write deterministic sample data with planted signals (Parquet, CSV)',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs({ usage }, io, argv, {
      out: { type: 'string' },
      scale: { type: 'string' },
      seed: { type: 'string' },
      csv: { type: 'boolean' },
      samples: { type: 'string' },
    });
    if (!args) return 0;
    const { out, samples, csv } = args.values;
    const seed = numberOption('seed', args.values.seed);
    if (samples !== undefined) {
      if (out !== undefined || args.values.scale !== undefined || csv) {
        throw new AtlasError(
          'usage',
          `--samples writes the committed CSV samples and takes only --seed\n\n${usage}`,
          2,
        );
      }
      const report = await writeSampleCsvs({ outDir: samples, seed, onProgress: (message) => say(io, message) });
      io.stdout.write(JSON.stringify(report, null, 2) + '\n');
      return 0;
    }
    if (out === undefined) throw new AtlasError('usage', `--out DIR is required\n\n${usage}`, 2);
    const report = await generateSampleData({
      outDir: out,
      scale: numberOption('scale', args.values.scale),
      seed,
      csv,
      onProgress: (message) => say(io, message),
    });
    io.stdout.write(JSON.stringify(report, null, 2) + '\n');
    return 0;
  },
};

/** A numeric option as written on the command line; generateSampleData checks its range. */
function numberOption(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = /^\s*[+-]?(\d+\.?\d*|\.\d+)\s*$/.test(text) ? Number(text) : NaN;
  if (Number.isNaN(value)) throw new AtlasError('usage', `--${name} must be a number, got ${JSON.stringify(text)}`, 2);
  return value;
}
