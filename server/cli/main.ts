// The `atlas` process: its arguments and streams handed to runCli, whose answer becomes the exit code.
import { processIo } from './command.ts';
import { runCli } from './run-cli.ts';

runCli(process.argv.slice(2), processIo).then((code) => {
  process.exitCode = code;
});
