// PGlite has no lock of its own: a second process opening the same folder does not fail,
// it silently loses writes. This lock file makes that mistake loud instead.
import fs from "node:fs";
import path from "node:path";

export class DataDirLockedError extends Error {
  constructor(dir: string, pid: number) {
    super(
      `The embedded database in ${dir} is already in use by process ${pid}. ` +
        `Only one Lapse process may use an embedded data folder: stop that process, ` +
        `set LAPSE_DATA_DIR to another folder, or use PostgreSQL (DATABASE_URL).`,
    );
    this.name = "DataDirLockedError";
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the folder's lock for this process, or throws DataDirLockedError. Returns a release function. */
export function lockDataDir(dir: string): () => void {
  const file = path.join(dir, "lapse.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: "wx" });
      const release = () => {
        try {
          if (fs.readFileSync(file, "utf8") === String(process.pid)) fs.unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
      process.once("exit", release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const holder = Number.parseInt(fs.readFileSync(file, "utf8"), 10);
      if (Number.isFinite(holder) && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(dir, holder);
      }
      // The holder died without cleaning up (SIGKILL, power loss): the lock is stale.
      fs.unlinkSync(file);
    }
  }
  throw new Error(`Could not take the lock on ${file}`);
}
