// `ahpo board [DIR …] [--port N] [--host H]`: a local web dashboard over run and sweep folders (src/board/,
// docs/board.md). Runs until interrupted; exit 2 when a folder is not a run, a sweep or a folder of runs.
import type { CommandModule } from 'yargs';
import { InputError } from '../../errors.js';
import { startBoard, type Board } from '../../board/server.js';
import type { Io } from './verify.js';

export interface BoardArgs {
  dirs: string[];
  port: number;
  host: string;
}

export const DEFAULT_PORT = 6066;

/** Starts the board and prints its address; the caller keeps the process alive and closes it. */
export async function runBoard(args: BoardArgs, io: Io): Promise<Board> {
  const dirs = args.dirs.length > 0 ? args.dirs : ['checkpoints'];
  const board = await startBoard({ dirs, host: args.host, port: args.port });
  const exposed =
    args.host === '127.0.0.1' || args.host === 'localhost' || args.host === '::1'
      ? ''
      : ` — listening on ${args.host}: anyone who can reach it can read these runs`;
  io.stdout(`ahpo board: ${board.url} (${dirs.join(', ')})${exposed}\n`);
  io.stderr('read-only; new steps and completions of running runs appear by themselves. Ctrl-C stops it.\n');
  return board;
}

export const boardCommand: CommandModule<object, BoardArgs> = {
  command: 'board [dirs..]',
  describe: 'A local web dashboard: runs, curves (smoothed, overlaid), evaluations, and a completions browser; live for running runs',
  builder: (y) =>
    y
      .positional('dirs', {
        type: 'string',
        array: true,
        default: [],
        describe: 'run folders, sweep folders (sweep-NAME) or folders of runs (run.outDir); default: checkpoints',
      })
      .option('port', { type: 'number', default: DEFAULT_PORT, describe: 'port to listen on (0 = any free port)' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'address to bind; the default keeps the board on this machine' })
      .check((a) => {
        const p = a.port as number;
        if (!(Number.isInteger(p) && p >= 0 && p <= 65535))
          throw new InputError(`--port ${String(a.port)}: expected an integer port in 0-65535 (0 = any free port)`);
        return true;
      }) as never,
  handler: async (argv) => {
    const io: Io = { stdout: (t) => void process.stdout.write(t), stderr: (t) => void process.stderr.write(t) };
    const board = await runBoard(argv, io);
    await new Promise<void>((resolve) => {
      const stop = () => void board.close().then(resolve);
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
};
