/**
 * `itops-tui auth set NAME` / `auth delete NAME`: manage `{keychain: NAME}` secrets
 * in the OS keychain. The secret is read from stdin (hidden when stdin is a terminal),
 * never from argv, so it stays out of shell history and `ps`.
 */
import { deleteKeychainSecret, KEYCHAIN_SERVICE, setKeychainSecret } from '../config/secrets.js';
import type { CliArgs } from './args.js';

async function readHidden(prompt: string): Promise<string> {
  const { stdin, stderr } = process;
  stderr.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  let value = '';
  try {
    return await new Promise<string>((resolve, reject) => {
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n') {
            stdin.off('data', onData);
            return resolve(value);
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            return reject(new Error('cancelled'));
          }
          if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
          else value += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    stderr.write('\n');
  }
}

async function readPiped(): Promise<string> {
  let data = '';
  for await (const chunk of process.stdin) data += chunk;
  // One trailing newline is how `echo`/`pass` end their output, not part of the secret.
  return data.replace(/\r?\n$/, '');
}

export async function runAuth(args: CliArgs): Promise<number> {
  const auth = args.auth!;
  const where = `${KEYCHAIN_SERVICE}/${auth.name}`;
  if (auth.action === 'delete') {
    const removed = await deleteKeychainSecret(auth.name);
    process.stdout.write(removed ? `Removed ${where} from the keychain.\n` : `No keychain entry ${where}.\n`);
    return removed ? 0 : 3;
  }
  const value = process.stdin.isTTY ? await readHidden(`Secret for ${where}: `) : await readPiped();
  if (!value) {
    process.stderr.write('itops-tui: empty secret, nothing stored.\n');
    return 2;
  }
  await setKeychainSecret(auth.name, value);
  process.stdout.write(`Stored ${where}. Reference it in config as {keychain: ${auth.name}}.\n`);
  return 0;
}
