import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ExcelJS from 'exceljs';
import { TEST_ADMIN_TOKEN } from '../support/app.js';
import { buildForChildren } from '../support/child-build.js';
import { freshDataDir } from '../support/databases.js';

const UNIT_HEADERS = ['Mã đơn vị', 'Tên đơn vị', 'Loại', 'Đơn vị cấp trên'];

async function unitsFile(path: string, rows: string[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('Đơn vị').addRows([UNIT_HEADERS, ...rows]);
  writeFileSync(path, Buffer.from(await book.xlsx.writeBuffer()));
  return path;
}

// `npm run import`: the same engine as POST /api/imports, in process on the embedded store, as the administrator.
describe('import CLI', () => {
  const data = freshDataDir('ledger-import-cli');
  let build: Awaited<ReturnType<typeof buildForChildren>>;
  let good: string;
  let bad: string;

  beforeAll(async () => {
    build = await buildForChildren();
    good = await unitsFile(join(data.dir, 'don-vi.xlsx'), [
      ['bo-cong-an', 'Bộ Công an', 'Bộ', ''],
      ['ca-hai-phong', 'Công an thành phố Hải Phòng', 'Công an tỉnh, thành phố', 'bo-cong-an'],
    ]);
    bad = await unitsFile(join(data.dir, 'loi.xlsx'), [
      ['bo-cong-an', 'Bộ Công an', 'Bộ', ''],
      ['ca-hai-phong', 'Công an thành phố Hải Phòng', 'Tỉnh', 'bo-cong-an'],
    ]);
  }, 120_000);
  afterAll(() => {
    build?.remove();
    data.remove();
  });

  const cli = (...args: string[]) =>
    promisify(execFile)(process.execPath, [join(build.dir, 'src/cli/import.js'), ...args], {
      env: { ...process.env, DATABASE_URL: '', LEDGER_DATA_DIR: join(data.dir, 'store'), LEDGER_ADMIN_TOKEN: TEST_ADMIN_TOKEN, LEDGER_TOKEN: '' },
      encoding: 'utf8',
    });

  it('--dry-run checks a fresh store and writes nothing; then the import writes, once', async () => {
    const dry = await cli(good, '--kind', 'units', '--dry-run');
    expect(dry.stdout).toContain('Kiểm tra xong, chưa ghi gì (dry run: nothing written)');
    expect(dry.stdout).toMatch(/units\s+Đơn vị\s+2\s+2\s+0\s+0\s+0/);

    // Nothing was written by the dry run: the import writes both rows, and a second one none.
    const real = JSON.parse((await cli(good, '--kind', 'units', '--json')).stdout);
    expect(real).toMatchObject({ outcome: 'written', totals: { rows: 2, written: 2, alreadyImported: 0 } });
    const again = JSON.parse((await cli(good, '--json')).stdout);
    expect(again).toMatchObject({ outcome: 'written', totals: { written: 0, alreadyImported: 2 } });
  }, 120_000);

  it('exits 1 naming the row, the column and the problem in Vietnamese; 2 on a usage mistake', async () => {
    const refused = cli(bad, '--kind', 'units', '--dry-run');
    await expect(refused).rejects.toMatchObject({ code: 1, stdout: expect.stringMatching(/Đơn vị\s+3\s+Loại\s+'Tỉnh' không có trong danh mục loại đơn vị/) });
    await expect(cli(bad, '--kind', 'don-vi')).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('--kind must be one of') });
  }, 60_000);
});
