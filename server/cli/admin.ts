/**
 * The operator's recovery command, run on the server machine against the data directory:
 *
 *   npm run admin -- reset-password <e-mail> [--data-dir <dir>]
 *
 * prints a one-time password for the account (its holder must choose a new one at sign-in) and
 * ends its sessions; when no enabled administrator is left, the account becomes one (and is
 * created if it does not exist). It may run while the server is stopped or running: SQLite in WAL
 * mode lets both write, each change in its own short transaction.
 */
import { pathToFileURL } from 'node:url';
import { AccountService } from '../auth/accountService';
import { configFromEnv } from '../config';
import { YttraError } from '../errors';
import { createLogger } from '../log';
import { openStorage } from '../storage/openStorage';

const USAGE = 'Användning: npm run admin -- reset-password <e-postadress> [--data-dir <katalog>]';

interface Command {
  email: string;
  dataDir: string | undefined;
}

function parseArguments(args: readonly string[]): Command | null {
  const rest = [...args];
  let dataDir: string | undefined;
  const flag = rest.indexOf('--data-dir');
  if (flag >= 0) {
    dataDir = rest[flag + 1];
    if (!dataDir) return null;
    rest.splice(flag, 2);
  }
  if (rest.length !== 2 || rest[0] !== 'reset-password' || !rest[1]) return null;
  return { email: rest[1], dataDir };
}

export async function runAdminCommand(args: readonly string[], env: NodeJS.ProcessEnv, out: (line: string) => void): Promise<number> {
  const command = parseArguments(args);
  if (!command) {
    out(USAGE);
    return 2;
  }
  const config = configFromEnv(env);
  const log = createLogger('silent');
  // The same database the server uses: PostgreSQL when YTTRA_DATABASE_URL is set.
  const storage = await openStorage({ ...config, dataDir: command.dataDir ?? config.dataDir }, log);
  try {
    const { user, password, madeAdministrator } = await new AccountService(storage.accounts, log).recoverAccess(command.email);
    if (madeAdministrator) out(`Det fanns ingen aktiv administratör: ${user.email} är nu administratör.`);
    out(`Engångslösenord för ${user.email}: ${password}`);
    out('Lösenordet visas inte igen. Det måste bytas vid inloggningen; alla tidigare inloggningar för kontot har avslutats.');
    return 0;
  } catch (error) {
    if (!(error instanceof YttraError)) throw error;
    out(error.message);
    return 1;
  } finally {
    await storage.close();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runAdminCommand(process.argv.slice(2), process.env, (line) => process.stdout.write(`${line}\n`)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
