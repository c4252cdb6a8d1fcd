import { EryError } from '../domain/errors.ts';

/** A write to stdout failed for another reason than its reader going away. */
export class OutputError extends EryError {
  constructor(cause: Error & { code?: unknown }) {
    super(
      'OUTPUT_FAILED',
      `cannot write the output (${cause.message}); check where stdout goes (a full disk, a closed file)`,
      { cause },
    );
  }
}

/** Unhandled, Node streams throw their `error` events: stdout's are answered by the write's callback. */
let listening = false;

/**
 * Writes `text` to stdout and waits until it is out: the process may exit right after. Resolves
 * `false` when the reader went away (EPIPE: `ery replay … | head`), which is no failure.
 *
 * @throws {OutputError} any other failure to write (`> /dev/full`: ENOSPC), so the command can say
 *   so in one line and exit non-zero instead of reporting success.
 */
export function print(text: string): Promise<boolean> {
  if (!listening) {
    listening = true;
    process.stdout.on('error', () => {});
  }
  return new Promise((resolve, reject) =>
    process.stdout.write(text, (error) => {
      if (!error) resolve(true);
      else if ((error as { code?: unknown }).code === 'EPIPE') resolve(false);
      else reject(new OutputError(error));
    }),
  );
}

/**
 * Until the returned function is called, Ctrl-C (SIGINT) runs `cleanup` (restoring the terminal)
 * and ends the process at once with exit code 130, as a shell expects of an interrupted command.
 * The work must hand the event loop back now and then for the signal to be heard.
 */
export function exitOnInterrupt(cleanup: () => void): () => void {
  const interrupted = () => {
    cleanup();
    process.exit(130);
  };
  process.once('SIGINT', interrupted);
  return () => process.off('SIGINT', interrupted);
}
