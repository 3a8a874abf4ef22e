/**
 * The `retrace` command line: `npm run --silent retrace -- <command> [options]`.
 * Each command is a thin shell over lib/; errors print one clear message and exit 1.
 */
import { parseArgs } from 'node:util';
import { OPTIONS, UsageError, type CliValues } from './args';

type Command = (args: string[], values: CliValues) => Promise<number>;

/**
 * Each command's module is loaded only when it runs: `graph` never loads Prisma, pg-boss or the
 * LLM client, which is most of a start-up (the compiled CLI splits them into chunks).
 */
const COMMANDS: Record<string, () => Promise<Command>> = {
  graph: async () => (await import('./graphCommand')).graphCommand,
  ingest: async () => (await import('./ingestCommand')).ingestCommand,
  synthesize: async () => (await import('./synthesizeCommand')).synthesizeCommand,
  search: async () => (await import('./searchCommand')).searchCommand,
  worker: async () => (await import('./workerCommand')).workerCommand,
  studio: async () => (await import('./studioCommand')).studioCommand,
  jobs: async () => (await import('./jobsCommand')).jobsCommand,
  users: async () => (await import('./usersCommand')).usersCommand,
  export: async () => (await import('./exportCommand')).exportCommand,
  repositories: async () => (await import('./repositoriesCommand')).repositoriesCommand,
  'check-endpoint': async () => (await import('./checkEndpointCommand')).checkEndpointCommand,
  db: async () => {
    const { dbCommand } = await import('./dbCommand');
    return (args) => dbCommand(args);
  },
};

export const USAGE = `Retrace — reconstruct the development process behind code repositories.

Usage: npm run --silent retrace -- <command> [options]

Commands:
  graph DIR [--json] [--no-cache] Structure of a folder: files, outlines, import edges, cycles,
                                  implementation order, skipped files. Needs no database; parses
                                  are cached by content (RETRACE_CACHE_DIR, default ~/.cache/retrace).
  ingest SOURCE [--name NAME]     Store a repository (folder, git URL, .tar.gz/.tgz/.zip) in
         [--ref REF] [--json]     PostgreSQL. Same content again is not stored twice.
  synthesize REPO... [--wait]     Queue a synthesis per repository (a stored name, or a folder/
         [--provider offline|openai] git URL/archive, ingested first); --wait shows progress.
         [--model M] [--llm-base-url URL] [--seed N]
         [--search [--scorer offline|openai] [--scorer-model M] [--scorer-base-url URL]
                   [--scorer-mode echo|prompt_logprobs|sglang] [--scorer-tokenizer server|text|PATH]
                   [--scorer-context N] [--llm-context N] [--rounds R] [--candidates K]]
  synthesize DIR --dry-run --json Synthesize a folder in memory and print the trajectory (no database);
                                  with --search, each searched Think carries its candidates and NLLs.
  search TRAJECTORY... [--wait]   Queue a CoT search of stored trajectories (same search options).
  worker [--concurrency N]        Run job consumers (several may share one database).
  jobs [--json]                   Every job (imports, syntheses, searches, bulk reviews): state, progress, errors.
  studio [--port N]               Start the studio: database, migrations, a worker, the web app.
  users add EMAIL --name NAME --role admin|reviewer|viewer [--password-stdin]
                                  Add a person who signs in to the studio; the password is read
                                  from stdin (typed without echo on a terminal), 10+ characters.
  users list [--json]             People and their roles.
  users set-role EMAIL ROLE       Change a role (viewer browses, reviewer also changes data,
                                  admin also manages people; the last admin stays admin).
  users remove EMAIL              Sign a person out everywhere and stop them signing in; their
                                  reviews keep their name (not the last admin).
  users reset-password EMAIL [--password-stdin]
                                  Set a new password (10+ characters); their sessions end.
  repositories delete NAME [--yes] Show what goes with a repository (snapshots, runs, trajectories,
                                  reviews, searches); delete it with --yes (refused while a job
                                  works on it; recorded). Exports already written stay.
  repositories deletions [--json] The records deletions left: name, counts, who, when.
  export [--status approved|pending|rejected|needs_resynthesis|all] [--repository NAME]
         [--include-superseded] [--limit N] [--format jsonl|parquet]
         [--tokenizer llama3|o200k|cl100k|PATH] [--context 65536] [--pad] [--with-text]
         [--atif] [--out DIR] [--overwrite] [--json]
                                  Reviewed trajectories (approved by default) as training data:
                                  packed input_ids/labels shards, a dataset card and manifest,
                                  ATIF per trajectory with --atif. --out defaults to ./export.
  check-endpoint URL [--model M] [--scorer] [--json]
                                  Probe an OpenAI-compatible server: models and context length, chat,
                                  JSON schema, echo / prompt_logprobs / SGLang scoring, /tokenize,
                                  token alignment on non-ASCII text, latency; prints the settings to use.
                                  --scorer: only what a scoring server needs.
  db migrate | db new-migration NAME
                                  Apply migrations / write a migration from schema.prisma.

Options:
  --json                  Print one JSON object on stdout, no progress output.
  --max-file-bytes N      Skip files larger than N bytes (default 1048576).
  --help                  This text.

Database: DATABASE_URL when set; else the running studio's of RETRACE_HOME (default ./.retrace);
else the embedded PostgreSQL under RETRACE_HOME/postgres. Printed on a terminal (stderr).

Environment: DATABASE_URL (any PostgreSQL >= 14; unset: embedded under .retrace/postgres),
RETRACE_PG_PORT (embedded PostgreSQL port, default 54329), RETRACE_PORT (studio, default 3000),
RETRACE_LLM_BASE_URL / RETRACE_LLM_API_KEY / RETRACE_LLM_MODEL (OpenAI-compatible server; unset: offline),
RETRACE_REQUIRE_SIGN_IN=1 (every page needs a signed-in user; default: only changes do).
`;

async function main(argv: string[]): Promise<number> {
  let parsed;
  // check-endpoint's --scorer is a switch ("probe it as a scorer"); elsewhere --scorer takes offline|openai.
  if (argv[0] === 'check-endpoint') argv = argv.map((a) => (a === '--scorer' ? '--scorer-only' : a));
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const [command, ...rest] = parsed.positionals;
  if (parsed.values.help || !command) {
    process.stdout.write(USAGE);
    return command || parsed.values.help ? 0 : 1;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) throw new UsageError(`Unknown command "${command}". Run with --help for the list.`);
  return (await load())(rest, parsed.values);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`retrace: ${message}\n`);
    if (err instanceof UsageError) process.stderr.write('Run `npm run --silent retrace -- --help` for usage.\n');
    if (process.env.RETRACE_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
