// Progress for long CLI runs (data generation, evaluation, training).

/**
 * Progress on stderr: a redrawn bar with counts and ETA on a TTY; on a pipe/CI log, a plain line every 10%
 * (and at the end) so logs stay short.
 */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr, now: () => number = Date.now) {
  const start = now();
  let lastDecile = -1;
  return (done: number, total: number, what: string): void => {
    const frac = total === 0 ? 1 : done / total;
    const elapsed = (now() - start) / 1000;
    const eta = done > 0 ? (elapsed / done) * (total - done) : 0;
    const counts = `${done}/${total} (${what}) ${elapsed.toFixed(0)}s elapsed, ETA ${eta.toFixed(0)}s`;
    if (stream.isTTY) {
      const width = 30;
      const fill = Math.round(frac * width);
      stream.write(`\r[${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${counts}\x1b[K`);
      if (done === total) stream.write('\n');
      return;
    }
    const decile = Math.floor(frac * 10);
    if (decile !== lastDecile || done === total) {
      lastDecile = decile;
      stream.write(`${label}: ${counts}\n`);
    }
  };
}
