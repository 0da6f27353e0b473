// A child process for the lock race test: at a shared start time it tries to take the database
// lock until it has held it `rounds` times; while holding, it claims a marker file with O_EXCL, so
// a second simultaneous holder shows up as a failed claim.
import fs from 'node:fs';
import { acquireDbLock } from '../../src/db/lock.js';
import { LockHeldError } from '../../src/errors.js';

const [dbPath = '', startAtText = '0', logPath = '', roundsText = '3'] = process.argv.slice(2);
const marker = `${dbPath}.holder`;
const rounds = Number(roundsText);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

await sleep(Math.max(0, Number(startAtText) - Date.now()));
let held = 0;
const deadline = Date.now() + 20_000;
while (held < rounds && Date.now() < deadline) {
  let lock;
  try {
    lock = acquireDbLock(dbPath);
  } catch (error) {
    if (!(error instanceof LockHeldError)) throw error;
    await sleep(Math.random() * 3);
    continue;
  }
  let outcome = 'held';
  try {
    fs.writeFileSync(marker, String(process.pid), { flag: 'wx' });
  } catch {
    outcome = 'overlap';
  }
  await sleep(5);
  if (outcome === 'held') fs.rmSync(marker);
  lock?.release();
  fs.appendFileSync(logPath, `${process.pid} ${outcome}\n`);
  held++;
}
