// Makes "kill the group afterwards, always" hold even when the owner dies without running its
// cleanup (SIGKILL, a crash): a detached watchdog kills the group once the owner is gone.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);

/**
 * Guards process group `pgid` for the current process; returns the function that stands the guard
 * down after a normal stop. Also kills the group if this process exits with the group still alive.
 * @param {number} pgid
 * @param {string} [leftover] a temporary folder to delete once the group is killed
 * @returns {() => void}
 */
export function guardProcessGroup(pgid, leftover) {
  const args = [SELF, String(process.pid), String(pgid), ...(leftover ? [leftover] : [])];
  const watchdog = spawn(process.execPath, args, { detached: true, stdio: 'ignore' });
  watchdog.unref();
  const onExit = () => killQuietly(-pgid, 'SIGKILL');
  process.on('exit', onExit);
  return () => {
    process.off('exit', onExit);
    killQuietly(watchdog.pid, 'SIGTERM');
  };
}

function killQuietly(pid, signal) {
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

// Run as a script: `node reaper.mjs <owner pid> <pgid> [leftover folder]`.
if (process.argv[1] === SELF) {
  const owner = Number(process.argv[2]);
  const pgid = Number(process.argv[3]);
  const leftover = process.argv[4];
  const timer = setInterval(() => {
    const ownerGone = !alive(owner);
    if (ownerGone) killQuietly(-pgid, 'SIGKILL');
    if (!ownerGone && alive(-pgid)) return;
    clearInterval(timer);
    // A moment for the killed processes to release their files; a living owner cleans up itself.
    setTimeout(() => {
      if (ownerGone && leftover) rmSync(leftover, { recursive: true, force: true, maxRetries: 5 });
      process.exit(0);
    }, 500);
  }, 500);
  process.on('SIGTERM', () => {
    clearInterval(timer);
    process.exit(0);
  });
}
