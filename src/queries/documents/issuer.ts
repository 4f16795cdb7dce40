import type { Authority, UnitKind } from '../../ledger/events.js';
import { AUTHORITY_LABELS } from '../../ledger/labels.js';
import { upper, type IssuingBody } from './administrative.js';

/** A unit as the registry names it on the decision's date. */
export interface UnitName {
  unitId: string;
  name: string;
  kind: UnitKind;
}

/** Who a decision is printed as coming from: the head of the page, the line of authority above the grounds, the signature, the place. */
export interface Issuer {
  body: IssuingBody;
  /** The authority that decides, above the grounds: "GIÁM ĐỐC CÔNG AN THÀNH PHỐ HẢI PHÒNG". */
  authorityLine: string;
  /** Over the signature: "GIÁM ĐỐC", "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH". */
  signature: string;
  /** The place of the place-and-date line (địa danh): "Hải Phòng"; null when the registry does not tell it. */
  place: string | null;
}

/** The capital, the place of the central bodies' documents (Nghị định 30, Phụ lục I: địa danh). */
const CAPITAL = 'Hà Nội';

/** "Công an thành phố Hải Phòng" → "thành phố Hải Phòng": the locality a provincial or district police is named after. */
const LOCALITY = /^(?:công an|ca)\s+((?:tỉnh|thành phố|tp\.?|quận|huyện|thị xã)\s+.+)$/iu;
/** "thành phố Hải Phòng" → "Hải Phòng". */
const PLACE = /^(?:tỉnh|thành phố|tp\.?|quận|huyện|thị xã)\s+(.+)$/iu;

const localityOf = (unit: UnitName) => LOCALITY.exec(unit.name.trim())?.[1] ?? null;
const placeOf = (unit: UnitName) => {
  const locality = localityOf(unit);
  return locality === null ? null : (PLACE.exec(locality)?.[1] ?? null);
};

/** Whose head signs for a unit of each kind, and how the title reads (police practice: Giám đốc Công an tỉnh, Cục trưởng, Trưởng Công an huyện). */
function headOf(unit: UnitName): string {
  if (unit.kind === 'ministry') return 'BỘ TRƯỞNG';
  if (unit.kind === 'department') return /^tổng cục/iu.test(unit.name.trim()) ? 'TỔNG CỤC TRƯỞNG' : 'CỤC TRƯỞNG';
  if (unit.kind === 'province') return 'GIÁM ĐỐC';
  return 'TRƯỞNG';
}

/** The units every chain holds, nearest first (in the order of the first chain). */
function commonUnits(chains: UnitName[][]): UnitName[] {
  if (chains.length === 0) return [];
  return chains[0].filter((unit) => chains.every((chain) => chain.some((u) => u.unitId === unit.unitId)));
}

/**
 * The body a decision is printed as issued by. The ledger records the authority's level
 * (`authority`), not the body: it is read from the registry as the one body of that level over every
 * recipient on the decision's date (a unit head: the nearest district, province or department
 * over them all; a province: the province they are in; a general department: the
 * department; a minister: the ministry at the root). `chains` holds, per recipient, the units over it
 * on that date, nearest first (an officer's own unit first; a collective's parent first). When no
 * such body is found, the authority's label stands in and the place is left blank.
 */
export function issuerOf(authority: Authority, chains: UnitName[][]): Issuer {
  const common = commonUnits(chains);
  const nearest = (kinds: readonly UnitKind[]) => common.find((u) => kinds.includes(u.kind)) ?? null;
  const above = (unit: UnitName) => common[common.indexOf(unit) + 1] ?? null;
  const ministry = nearest(['ministry']);
  const fallback: Issuer = {
    body: { superior: null, name: upper(AUTHORITY_LABELS[authority]) },
    authorityLine: upper(AUTHORITY_LABELS[authority]),
    signature: upper(AUTHORITY_LABELS[authority]),
    place: null,
  };

  switch (authority) {
    case 'president':
      return {
        body: { superior: null, name: 'CHỦ TỊCH NƯỚC' },
        authorityLine: 'CHỦ TỊCH NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        signature: 'CHỦ TỊCH NƯỚC',
        place: CAPITAL,
      };
    case 'prime-minister':
      return { body: { superior: null, name: 'THỦ TƯỚNG CHÍNH PHỦ' }, authorityLine: 'THỦ TƯỚNG CHÍNH PHỦ', signature: 'THỦ TƯỚNG', place: CAPITAL };
    case 'minister': {
      const name = ministry === null ? 'BỘ CÔNG AN' : upper(ministry.name);
      return { body: { superior: null, name }, authorityLine: `BỘ TRƯỞNG ${name}`, signature: 'BỘ TRƯỞNG', place: CAPITAL };
    }
    case 'general-department': {
      const department = nearest(['department']);
      if (department === null) return { ...fallback, place: CAPITAL };
      return {
        body: { superior: ministry === null ? null : upper(ministry.name), name: upper(department.name) },
        authorityLine: `${headOf(department)} ${upper(department.name)}`,
        signature: headOf(department),
        place: CAPITAL,
      };
    }
    case 'province': {
      // Ủy ban nhân dân tỉnh: named after the province its police is (Công an thành phố Hải Phòng → thành phố Hải Phòng).
      const province = nearest(['province']);
      const locality = province === null ? null : localityOf(province);
      if (province === null || locality === null) return fallback;
      return {
        body: { superior: null, name: `ỦY BAN NHÂN DÂN\n${upper(locality)}` },
        authorityLine: `ỦY BAN NHÂN DÂN ${upper(locality)}`,
        signature: 'TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH',
        place: placeOf(province),
      };
    }
    case 'unit-head': {
      // Not the ministry: a unit head's decision over units of several provinces is no Minister's; its body is left blank.
      const unit = nearest(['district', 'province', 'department']);
      if (unit === null) return fallback;
      const superior = above(unit);
      const central = unit.kind === 'ministry' || unit.kind === 'department';
      const authorityLine = `${headOf(unit)} ${upper(unit.name)}`;
      return {
        body: { superior: superior === null ? null : upper(superior.name), name: upper(unit.name) },
        authorityLine,
        // "TRƯỞNG" alone says nothing: a district head signs as Trưởng Công an huyện.
        signature: unit.kind === 'district' ? authorityLine : headOf(unit),
        place: central ? CAPITAL : placeOf(unit),
      };
    }
  }
}
