/**
 * The `retrace` command as users run it (`npm run --silent retrace -- ...`): the compiled CLI in
 * dist/cli, rebuilt first when any of its sources changed since it was built (at install, or
 * after an edit). Compiling TypeScript at every start, as tsx does, took seconds; this takes
 * a few milliseconds to check. Plain JavaScript, so it needs no compiler to start.
 *
 *   node lib/cli/launch.mjs [--build] <command> [options]
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const out = path.join(root, 'dist/cli');
const stampFile = path.join(out, 'build.json');

/** The build is current when every source it was made from is unchanged (mtime) and still there. */
function isCurrent() {
  let stamp;
  try {
    stamp = JSON.parse(fs.readFileSync(stampFile, 'utf8'));
  } catch {
    return false;
  }
  if (stamp.node !== process.version) return false;
  for (const input of stamp.inputs) {
    try {
      if (fs.statSync(path.join(root, input)).mtimeMs > stamp.builtAt) return false;
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Bundles the CLI and the parse worker (next to it, where parseFiles looks for it) with esbuild;
 * npm packages stay external, commands are split into chunks loaded on demand. Files are written
 * under temporary names and renamed, entries last, so a CLI starting meanwhile never sees half a build.
 */
async function build() {
  const started = Date.now();
  const { build: esbuild } = await import('esbuild');
  const result = await esbuild({
    absWorkingDir: root,
    entryPoints: { main: 'lib/cli/main.ts', parseWorker: 'lib/1-ingest/parse/parseWorker.ts' },
    outdir: out,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: 'linked',
    metafile: true,
    write: false,
    logLevel: 'error',
    // Bundled CommonJS dependencies of our own code may call require().
    banner: { js: "import { createRequire as __retraceRequire } from 'node:module'; const require = __retraceRequire(import.meta.url);" },
  });
  fs.mkdirSync(out, { recursive: true });
  const isEntry = (file) => /[/\\](main|parseWorker)\.mjs$/.test(file);
  const files = [...result.outputFiles].sort((a, b) => Number(isEntry(a.path)) - Number(isEntry(b.path)));
  for (const file of files) {
    const tmp = `${file.path}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, file.contents);
    fs.renameSync(tmp, file.path);
  }
  // Chunks of earlier builds (shared ones and each command's) go once they are old enough that no
  // CLI started before could still load them.
  const current = new Set(files.map((f) => path.basename(f.path)));
  for (const name of fs.readdirSync(out)) {
    const file = path.join(out, name);
    if (/\.mjs(\.map)?$/.test(name) && !current.has(name) && Date.now() - fs.statSync(file).mtimeMs > 3_600_000) fs.rmSync(file, { force: true });
  }
  const inputs = Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('node_modules/'));
  const tmp = `${stampFile}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify({ builtAt: started, node: process.version, inputs }, null, 1));
  fs.renameSync(tmp, stampFile);
}

const args = process.argv.slice(2);
const buildOnly = args[0] === '--build';
if (buildOnly || !isCurrent()) {
  try {
    await build();
  } catch (err) {
    process.stderr.write(`retrace: could not compile the command line (${err instanceof Error ? err.message : err}).\nRun \`npm install\` in ${root}, or run it from sources: npx tsx lib/cli/main.ts ...\n`);
    process.exit(1);
  }
}
if (!buildOnly) {
  if (process.env.RETRACE_DEBUG) process.setSourceMapsEnabled(true);
  // main.mjs reads its arguments from process.argv, as under tsx.
  await import(pathToFileURL(path.join(out, 'main.mjs')).href);
}
