import readline from 'node:readline';
import { openDatabase } from '../platform/db/database';
import { prisma } from '../platform/db/client';
import { quietAuthLogs } from '../platform/auth/auth';
import { FIRST_ADMIN_COMMAND } from '../platform/auth/firstAdmin';
import { ROLES } from '../platform/auth/roles';
import { removePerson, resetPassword } from '../platform/auth/peopleAdmin';
import { addPerson, listPeople, PeopleError, setPersonRole } from '../platform/auth/users';
import { UsageError, type CliValues } from './args';

const USERS_USAGE = `users add EMAIL --name NAME --role ${ROLES.join('|')} [--password-stdin]
users list [--json]
users set-role EMAIL ${ROLES.join('|')}
users remove EMAIL
users reset-password EMAIL [--password-stdin]`;


/**
 * `retrace users add|list|set-role|remove|reset-password`: people who sign in to the studio
 * (changes are recorded as made from the command line). Passwords come from
 * stdin (typed without echo on a terminal), never from the command line, where they would
 * stay in the shell history and be visible to other users of the machine.
 */
export async function usersCommand(args: string[], values: CliValues): Promise<number> {
  const [sub, ...rest] = args;
  if (!sub || !['add', 'list', 'set-role', 'remove', 'reset-password'].includes(sub)) throw new UsageError(`Usage:\n  ${USERS_USAGE.split('\n').join('\n  ')}`);
  const db = await openDatabase();
  // better-auth's adapter uses the shared Prisma client, which reads DATABASE_URL.
  process.env.DATABASE_URL = db.url;
  quietAuthLogs();
  try {
    if (sub === 'add') return await add(rest, values);
    if (sub === 'list') return await list(values);
    if (sub === 'remove') return await remove(rest, values);
    if (sub === 'reset-password') return await newPassword(rest, values);
    return await setRole(rest, values);
  } catch (err) {
    if (err instanceof PeopleError) throw new Error(err.message);
    throw err;
  } finally {
    await prisma().$disconnect().catch(() => undefined);
    await db.close();
  }
}

async function add(rest: string[], values: CliValues): Promise<number> {
  const [email, extra] = rest;
  if (!email || extra) throw new UsageError(`Give one email: ${USERS_USAGE.split('\n')[0]}`);
  if (!values.name) throw new UsageError('Give the person a name: --name "Ada Lovelace".');
  if (!values.role) throw new UsageError(`Give a role: --role ${ROLES.join('|')}.`);
  const password = await readPassword(Boolean(values['password-stdin']));
  const person = await addPerson({ email, name: values.name, role: values.role, password });
  if (values.json) process.stdout.write(`${JSON.stringify({ user: person })}\n`);
  else console.log(`Added ${person.email} (${person.name}) as ${person.role}. They sign in at the studio's /sign-in page.`);
  return 0;
}

async function list(values: CliValues): Promise<number> {
  const people = await listPeople();
  if (values.json) process.stdout.write(`${JSON.stringify({ users: people })}\n`);
  else if (people.length === 0) console.log(`Nobody yet. Add the first admin:\n  ${FIRST_ADMIN_COMMAND}`);
  else for (const p of people) console.log(`${p.role.padEnd(8)}  ${p.email}  ${p.name}  (since ${p.createdAt.toISOString().slice(0, 10)})`);
  return 0;
}

async function setRole(rest: string[], values: CliValues): Promise<number> {
  const [email, role, extra] = rest;
  if (!email || !role || extra) throw new UsageError(`Usage: ${USERS_USAGE.split('\n')[2]}`);
  const person = await setPersonRole(email, role);
  if (values.json) process.stdout.write(`${JSON.stringify({ user: person })}\n`);
  else console.log(`${person.email} is now ${person.role}. It applies to their next request.`);
  return 0;
}

async function remove(rest: string[], values: CliValues): Promise<number> {
  const [email, extra] = rest;
  if (!email || extra) throw new UsageError(`Usage: ${USERS_USAGE.split('\n')[3]}`);
  const person = await removePerson(email, null);
  if (values.json) process.stdout.write(`${JSON.stringify({ user: person })}\n`);
  else console.log(`Removed ${person.email}: signed out everywhere and no longer able to sign in; their reviews keep their name. \`users add\` with this email lets them back in.`);
  return 0;
}

async function newPassword(rest: string[], values: CliValues): Promise<number> {
  const [email, extra] = rest;
  if (!email || extra) throw new UsageError(`Usage: ${USERS_USAGE.split('\n')[4]}`);
  const password = await readPassword(Boolean(values['password-stdin']));
  const person = await resetPassword(email, password, null);
  if (values.json) process.stdout.write(`${JSON.stringify({ user: person })}\n`);
  else console.log(`New password set for ${person.email}; every session of theirs ended.`);
  return 0;
}

/**
 * The password: the first line of stdin when it is piped (or with --password-stdin); typed
 * twice without echo on a terminal.
 */
async function readPassword(fromStdin: boolean): Promise<string> {
  if (fromStdin || !process.stdin.isTTY) {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    const password = Buffer.concat(chunks).toString('utf8').split(/\r?\n/)[0] ?? '';
    if (!password) throw new Error('No password on stdin: pipe it in, e.g. `printf %s "$PASSWORD" | … users add …`.');
    return password;
  }
  const first = await promptHidden('Password (at least 10 characters): ');
  const second = await promptHidden('Again: ');
  if (first !== second) throw new Error('The two passwords differ; nothing was changed.');
  return first;
}

function promptHidden(question: string): Promise<string> {
  return new Promise((resolve) => {
    const rl = readline.createInterface({ input: process.stdin, output: process.stdout, terminal: true });
    // Print the question, then nothing of what is typed.
    const output = rl as unknown as { _writeToOutput: (s: string) => void };
    let asked = false;
    output._writeToOutput = (s: string) => {
      if (!asked) {
        process.stdout.write(s);
        asked = true;
      }
    };
    rl.question(question, (answer) => {
      rl.close();
      process.stdout.write('\n');
      resolve(answer);
    });
  });
}
