import { describe, expect, it } from '@jest/globals';
import { containsPattern, searchTerms, searchText } from '../../../projections/shared/search-text.js';

describe('searchText: names folded without tone marks or case', () => {
  it.each([
    ['Công an thành phố Hải Phòng', 'cong an thanh pho hai phong'],
    ['CÔNG AN PHƯỜNG ĐỒ SƠN', 'cong an phuong do son'],
    ['Đỗ Thị Dung', 'do thi dung'],
    ['  Nguyễn   Văn\tAn ', 'nguyen van an'],
    ['Cụm thi đua số 9', 'cum thi dua so 9'],
    ['Kéo giảm tội phạm ≥ 5%', 'keo giam toi pham ≥ 5%'],
  ])('%s → %s', (name, folded) => {
    expect(searchText(name)).toBe(folded);
  });

  it('folds a name typed decomposed (NFD) like one typed composed (NFC)', () => {
    const composed = 'Hải Phòng';
    expect(searchText(composed.normalize('NFD'))).toBe(searchText(composed.normalize('NFC')));
  });

  it('splits a query into its distinct folded words', () => {
    expect(searchTerms(' Hải  phòng HAI ')).toEqual(['hai', 'phong']);
    expect(searchTerms('   ')).toEqual([]);
  });

  it('takes LIKE wildcards and the escape character literally', () => {
    expect(containsPattern('5%_a\\b')).toBe('%5\\%\\_a\\\\b%');
  });
});
