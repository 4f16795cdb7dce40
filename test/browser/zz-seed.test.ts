import { it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { caller, seedDemoWorld } from './support/demo-world.js';

it('seeds', async () => {
  const base = process.env.SEED_BASE!;
  const seeded = await seedDemoWorld(caller(base, process.env.SEED_TOKEN!));
  writeFileSync('.tmp/seeded.json', JSON.stringify(seeded));
}, 300000);
