// One writer per database: a lock file beside it holding the owner's pid. A lock left by a killed
// process (kill -9 leaves no chance to clean up) is taken over once its pid is gone.
import fs from 'node:fs';
import { LockHeldError } from '../errors.js';

export interface DbLock {
  path: string;
  release(): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function acquireDbLock(dbPath: string): DbLock | null {
  if (dbPath === ':memory:') return null;
  const lockPath = `${dbPath}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = fs.openSync(lockPath, 'wx');
      fs.writeSync(fd, `${process.pid}\n`);
      fs.closeSync(fd);
      let isReleased = false;
      const release = () => {
        if (isReleased) return;
        isReleased = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8').trim() === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once('exit', release);
      return { path: lockPath, release };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isFinite(owner) && owner !== process.pid && isAlive(owner)) {
        throw new LockHeldError(`another dfwatch process (pid ${owner}) is writing ${dbPath}; lock file ${lockPath}`);
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new LockHeldError(`could not take the lock ${lockPath}`);
}
