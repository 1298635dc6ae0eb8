/**
 * `npm run bench`: every scenario against Yttra and the reference y-websocket server, one after
 * the other on this machine, and one table at the end. BENCH_QUICK=1 shortens every run.
 * BENCH_ONLY=fanOut,coldLoad picks scenarios.
 */
import os from 'node:os';
import { browserPerf } from './browserPerf';
import { coldLoad } from './coldLoad';
import { coldLoadServerSide } from './coldLoadServerSide';
import { commitStalls } from './commitStalls';
import { fanOut } from './fanOut';
import { heavyStalls } from './heavyStalls';
import { idleMemory } from './idleMemory';
import { idleScale } from './idleScale';
import { isolation } from './isolation';
import { startTime } from './startTime';
import { pdfExport } from './pdfExport';
import { persistence } from './persistence';
import { twoInstances } from './twoInstances';
import { formatTable, quick, type Row } from './lib/report';

const scenarios: Record<string, () => Promise<Row[]>> = {
  idleMemory,
  startTime,
  fanOut,
  idleScale,
  coldLoad,
  coldLoadServerSide,
  persistence,
  commitStalls,
  pdfExport,
  heavyStalls,
  isolation,
  twoInstances,
  browserPerf,
};
const only = process.env.BENCH_ONLY?.split(',').map((name) => name.trim());

async function main(): Promise<void> {
  const rows: Row[] = [];
  for (const [name, scenario] of Object.entries(scenarios)) {
    if (only && !only.includes(name)) continue;
    const started = Date.now();
    console.error(`running ${name}${quick ? ' (quick)' : ''} …`);
    rows.push(...(await scenario()));
    console.error(`  ${name} done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  }
  console.log(
    `\nNode ${process.version}, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB${quick ? ', quick mode' : ''}\n`,
  );
  console.log(formatTable(rows));
  const missed = rows.filter((row) => row.met === false);
  if (missed.length > 0) console.log(`\nTargets missed: ${missed.map((row) => `${row.scenario} / ${row.metric}`).join('; ')}`);
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
