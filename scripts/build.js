#!/usr/bin/env node
/**
 * Builds what is missing or older than its sources, and nothing else, so that a second
 * `npm start` or `npm test` does not wait for a build:
 *   client → dist/client (Vite), server → dist/server/main.js (esbuild, one ESM bundle whose
 *   import/export code is split into chunks loaded on first use).
 * `node scripts/build.js [client] [server] [--force]`; no target names both.
 * Plain JavaScript on purpose: it runs before anything is compiled.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** What each output is built from; a change to any of these files rebuilds it. */
const targets = {
  client: {
    output: 'dist/client/index.html',
    inputs: ['client', 'shared', 'vite.config.ts', 'tsconfig.json', 'package-lock.json'],
    build: buildClient,
  },
  server: {
    output: 'dist/server/main.js',
    inputs: ['server', 'shared', 'tsconfig.json', 'tsconfig.server.json', 'package-lock.json', 'scripts/build.js'],
    build: buildServer,
  },
};

/** Newest modification time under a file or folder (0 when it does not exist). */
function newestMtime(file) {
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of fs.readdirSync(file)) newest = Math.max(newest, newestMtime(path.join(file, entry)));
  return newest;
}

/** Why a target needs building, or null when its output is newer than every input. */
function staleReason(name) {
  const target = targets[name];
  const output = path.join(root, target.output);
  if (!fs.existsSync(output)) return 'not built yet';
  const built = fs.statSync(output).mtimeMs;
  const changed = target.inputs.find((input) => newestMtime(path.join(root, input)) > built);
  return changed ? `${changed} changed` : null;
}

function buildClient() {
  const vite = path.join(root, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`vite build failed (exit ${result.status ?? result.signal})`);
}

async function buildServer() {
  const esbuild = await import('esbuild');
  const outdir = path.join(root, 'dist', 'server');
  fs.rmSync(outdir, { recursive: true, force: true });
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: { main: 'server/main.ts' },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node22',
    // Dependencies are bundled too: one file parses and resolves faster and holds ~10 MiB less
    // than hundreds of node_modules files. These stay outside: better-sqlite3 is native, pino
    // starts its transports from their own files, docx and mammoth load only on first use.
    external: ['better-sqlite3', 'pino', 'pino-pretty', 'docx', 'mammoth'],
    // CommonJS dependencies call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    chunkNames: 'chunks/[name]-[hash]',
    // Without comments the code is ASCII (esbuild escapes the rest), which V8 keeps one byte per
    // character: Swedish letters in a comment would double the memory of the whole source. Names
    // stay, for stack traces; the source map is for \`node --enable-source-maps\` when debugging.
    minifyWhitespace: true,
    legalComments: 'external',
    sourcemap: true,
    tsconfig: 'tsconfig.server.json',
    logLevel: 'warning',
  });
  await esbuild.stop?.();
}

async function main() {
  const args = process.argv.slice(2);
  const force = args.includes('--force');
  const names = args.filter((arg) => !arg.startsWith('--'));
  for (const name of names.length > 0 ? names : Object.keys(targets)) {
    if (!(name in targets)) throw new Error(`unknown build target ${name}`);
    const reason = force ? 'forced' : staleReason(name);
    if (!reason) continue;
    const started = Date.now();
    process.stderr.write(`building the ${name} (${reason}) …\n`);
    await targets[name].build();
    process.stderr.write(`built the ${name} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
