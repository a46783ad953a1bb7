import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { type EmulatorState, emptyState } from './state.js';

/** Reads a persisted state file; missing collections (older files) are filled with empty ones. */
export function loadState(path: string): EmulatorState | undefined {
  if (!existsSync(path)) return undefined;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<EmulatorState>;
  return { ...emptyState(), ...parsed };
}

/** Writes atomically (temp file + rename) so a crash never leaves half a file. */
export function saveState(path: string, state: EmulatorState): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(state));
  renameSync(tmp, path);
}

/** Debounced saver: many changes in a burst produce one write. */
export class Persister {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private path: string,
    private read: () => EmulatorState,
    private debounceMs = 50,
  ) {}

  schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      saveState(this.path, this.read());
    }, this.debounceMs);
    this.timer.unref?.();
  }

  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    saveState(this.path, this.read());
  }
}
