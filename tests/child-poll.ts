// Polling for something a child process is expected to do (write a metrics row, save a checkpoint, print a line).
// A bare `while (!cond()) await sleep()` hangs until the test's timeout when the child dies first — a crash then
// reads as a slow machine. This stops as soon as the child has exited and reports its exit and its stderr instead.
import type { ChildProcess } from 'node:child_process';

export async function waitForChild(child: ChildProcess, done: () => boolean, what: string, stderr: () => string = () => '', intervalMs = 50): Promise<void> {
  while (!done()) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `waiting for ${what}: the child process exited first (code ${child.exitCode}, signal ${child.signalCode})${stderr() ? `; its stderr:\n${stderr()}` : ''}`,
      );
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}
