import { transformFile } from '@swc/core';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(import.meta.dirname, '../..');

/**
 * The working tree's src/ and projections/ compiled with swc (as Jest compiles them) into a
 * temporary folder, for tests that run them in child processes: dist/ may be stale, and tsc is
 * slow. `dir` mirrors the repository (`${dir}/src/main.js`); its node_modules is the repository's.
 */
export async function buildForChildren(): Promise<{ dir: string; remove: () => void }> {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-build-'));
  const sources = ['src', 'projections'].flatMap((folder) => walk(join(root, folder))).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  await Promise.all(
    sources.map(async (source) => {
      const { code } = await transformFile(source, {
        jsc: {
          target: 'es2023',
          parser: { syntax: 'typescript', decorators: true },
          transform: { legacyDecorator: true, decoratorMetadata: true },
        },
        module: { type: 'es6' },
        sourceMaps: false,
        swcrc: false,
      });
      const target = join(dir, relative(root, source)).replace(/\.ts$/, '.js');
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, code);
    }),
  );
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

function walk(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => (entry.isDirectory() ? walk(join(folder, entry.name)) : [join(folder, entry.name)]));
}
