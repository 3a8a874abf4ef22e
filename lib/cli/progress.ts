/** A one-line progress bar on stderr, only on a terminal; silent otherwise (and in --json mode). */
export function progressBar(enabled: boolean) {
  const tty = enabled && process.stderr.isTTY;
  let last = '';
  let lastAt = 0;
  return {
    update(label: string, done: number, total: number) {
      if (!tty) return;
      const now = Date.now();
      if (now - lastAt < 80 && done !== total) return;
      lastAt = now;
      const width = 28;
      const ratio = total > 0 ? Math.min(1, done / total) : 0;
      const bar = '█'.repeat(Math.round(ratio * width)).padEnd(width, '░');
      const line = total > 1 ? `${label.padEnd(8)} ${bar} ${done}/${total}` : `${label}…`;
      if (line !== last) process.stderr.write(`\r\x1b[2K${line}`);
      last = line;
    },
    done() {
      if (tty && last) process.stderr.write('\r\x1b[2K');
      last = '';
    },
  };
}
