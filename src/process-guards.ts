/**
 * The last line of defence of a long-running process: an error that escaped every handler (a
 * promise nobody awaited, an 'error' event nobody listens to) is logged with what is known of it
 * and the process goes on. Node's default is to exit, which would let one bad request or one
 * dropped connection end every job this process serves. Each such log line is a bug to fix where
 * it came from; the job runtime's state lives in the database, so carrying on cannot corrupt it.
 *
 * @example installProcessGuards((line) => console.error(line))
 */
export function installProcessGuards(log: (line: string) => void = (line) => console.error(line)): void {
  process.on('unhandledRejection', (reason) => log(`[process] unhandled rejection (kept running): ${describe(reason)}`));
  process.on('uncaughtException', (error, origin) => log(`[process] uncaught ${origin} (kept running): ${describe(error)}`));
}

function describe(reason: unknown): string {
  if (!(reason instanceof Error)) return String(reason);
  const code = (reason as NodeJS.ErrnoException).code;
  return `${code ? `[${code}] ` : ''}${reason.stack ?? reason.message}`;
}
