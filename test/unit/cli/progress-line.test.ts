import { describe, expect, it } from '@jest/globals';
import { ProgressLine } from '../../../src/cli/cli-support.js';

function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, stream: { isTTY, columns: 40, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream };
}

describe('ProgressLine', () => {
  it('redraws one line on a terminal', () => {
    const { written, stream: s } = stream(true);
    const progress = new ProgressLine(s, 0);
    progress.update('1/10');
    progress.update('2/10');
    progress.done();
    expect(written).toEqual(['\r1/10\x1b[K', '\r2/10\x1b[K', '\n']);
  });

  it('prints whole lines, at most every 10 s, to a file or a pipe', () => {
    const { written, stream: s } = stream(false);
    const progress = new ProgressLine(s, 0);
    progress.update('1/10');
    progress.update('2/10');
    progress.update('10/10', true);
    progress.done();
    expect(written).toEqual(['1/10\n', '10/10\n']);
  });
});
