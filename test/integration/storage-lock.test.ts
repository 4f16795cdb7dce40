import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openStorage } from '../../src/storage.js';
import { freshDataDir } from '../support/databases.js';

describe('the embedded store is opened by one process at a time (ledger.lock)', () => {
  it('refuses a second opening while held, releases on close, takes over a lock left by a dead process', async () => {
    const data = freshDataDir('ledger-lock');
    const lock = join(data.dir, 'ledger.lock');
    try {
      const first = await openStorage({ databaseUrl: null, dataDir: data.dir });
      expect(readFileSync(lock, 'utf8').trim()).toBe(String(process.pid));
      await expect(openStorage({ databaseUrl: null, dataDir: data.dir })).rejects.toThrow(
        `the embedded store at ${data.dir} is in use by process ${process.pid} (stop the server first, or use PostgreSQL)`,
      );
      await first.close();
      expect(existsSync(lock)).toBe(false);

      const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
      writeFileSync(lock, `${dead.stdout}\n`);
      const second = await openStorage({ databaseUrl: null, dataDir: data.dir });
      expect(readFileSync(lock, 'utf8').trim()).toBe(String(process.pid));
      await second.close();
      expect(existsSync(lock)).toBe(false);
    } finally {
      data.remove();
    }
  });
});
