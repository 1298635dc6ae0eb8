/** One scratch directory for the whole run (databases, LibreOffice profiles), removed at the end. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'yttra-tests-'));
  process.env.YTTRA_TEST_TMP = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}
