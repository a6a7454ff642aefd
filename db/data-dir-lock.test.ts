import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { DataDirLockedError, lockDataDir } from "./data-dir-lock";

describe("embedded data folder lock", () => {
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "lapse-lock-"));
    dirs.push(dir);
    return dir;
  };
  afterEach(() => dirs.splice(0).forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it("refuses a folder another live process holds, with a message that says what to do", () => {
    const dir = tempDir();
    // The parent of this test process is alive and is not us: it stands for another Lapse.
    fs.writeFileSync(path.join(dir, "lapse.lock"), String(process.ppid));
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    expect(() => lockDataDir(dir)).toThrow(/already in use by process \d+.*LAPSE_DATA_DIR/);
  });

  it("takes over the lock of a process that died, and releases it", () => {
    const dir = tempDir();
    const lock = path.join(dir, "lapse.lock");
    fs.writeFileSync(lock, "2147483646"); // no such process
    const release = lockDataDir(dir);
    expect(fs.readFileSync(lock, "utf8")).toBe(String(process.pid));
    release();
    expect(fs.existsSync(lock)).toBe(false);
  });
});
