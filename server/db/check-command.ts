import type { CliCommand } from '../cli/command.ts';
import { parseCommandArgs, writeAll } from '../cli/command.ts';
import { checkConsistency, type DeepCheck } from './consistency.ts';
import { AtlasDb } from './database.ts';

const usage = `Usage: atlas check [--json] [--deep]

Check that the database of ATLAS_DB is whole (queries/check/): every batch in the history finished (committed,
refused or failed), no live row belongs to a batch that did not commit, and the monthly usage rollup equals the sums of
the usage rows. Opens the database read-only, so stop the server first. Exit 0 when every check holds, 1 otherwise.

Options:
  --json   one JSON object {checks: [{check, problems}], ok} on stdout instead of lines
  --deep   also recompute the stored indicator facts from all records and compare (as long as a full rebuild takes)
`;

/** `atlas check`, with the deep checks the features own (the composition root passes them). */
export const checkCommand = (deepChecks: DeepCheck[]): CliCommand => ({
  name: 'check',
  summary: 'check that the database is whole (batches, rows, rollups)',
  usage,
  async run(argv, io) {
    const args = parseCommandArgs({ usage }, io, argv, {
      json: { type: 'boolean' },
      deep: { type: 'boolean' },
    });
    if (!args) return 0;
    const db = await AtlasDb.open({ readOnly: true });
    try {
      const checks = await checkConsistency(db, { deep: args.values.deep ? deepChecks : [] });
      const ok = checks.every((c) => c.problems.length === 0);
      if (args.values.json) await writeAll(io, JSON.stringify({ checks, ok }) + '\n');
      else
        await writeAll(
          io,
          checks
            .map((c) =>
              c.problems.length === 0
                ? `ok      ${c.check}\n`
                : `FAILED  ${c.check}\n${c.problems.map((p) => `        ${p}\n`).join('')}`,
            )
            .join(''),
        );
      return ok ? 0 : 1;
    } finally {
      db.close();
    }
  },
});
