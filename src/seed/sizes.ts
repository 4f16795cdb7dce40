/**
 * How big a seeded ledger is (issue 6; docs/domain.md §7). `small` ≈ 50,000 events, `medium` ≈ 1 million,
 * `large` ≈ 10 million; `tiny` (a few thousand) is for tests. `npm run seed -- --size X --dry-run`
 * prints the exact count a profile gives.
 */
export interface SizeProfile {
  name: SizeName;
  /** Calendar years, the last one first-listed last (district police were abolished in 2025). */
  years: number[];
  /** Months of each year with score entries (12: a whole year). */
  months: number;
  /** Provincial police units (63 until mid-2025); the first N of the list. */
  provinces: number;
  /**
   * Departments of the Ministry (Cục), ranked in blocks beside the provinces' clusters: with 63
   * provinces and 24 departments the Ministry has 12-16 clusters and blocks of 5-8 members.
   */
  ministryDepartments: number;
  /** Peak phases a year (đợt cao điểm), besides the year-long campaign. */
  phases: { min: number; max: number };
  /** Per province: divisions (phòng), district police, teams per district (đội), all scored monthly. */
  divisions: number;
  districts: { min: number; max: number };
  teamsPerDistrict: number;
  /** Officers per district (100-300 in docs/domain.md §7) and per division. */
  officersPerDistrict: { min: number; max: number };
  officersPerDivision: { min: number; max: number };
  /** Commendations per province a year (1,300-2,900 in docs/domain.md §7). */
  commendationsPerProvince: { min: number; max: number };
}

export const SIZE_NAMES = ['tiny', 'small', 'medium', 'large'] as const;
export type SizeName = (typeof SIZE_NAMES)[number];

const range = (first: number, last: number) => Array.from({ length: last - first + 1 }, (_, i) => first + i);

export const SIZES: Readonly<Record<SizeName, SizeProfile>> = {
  tiny: {
    name: 'tiny',
    years: [2024],
    months: 3,
    provinces: 10,
    ministryDepartments: 0,
    phases: { min: 1, max: 1 },
    divisions: 1,
    districts: { min: 1, max: 1 },
    teamsPerDistrict: 0,
    officersPerDistrict: { min: 3, max: 3 },
    officersPerDivision: { min: 1, max: 1 },
    commendationsPerProvince: { min: 6, max: 10 },
  },
  small: {
    name: 'small',
    years: [2024],
    months: 12,
    provinces: 63,
    ministryDepartments: 24,
    phases: { min: 2, max: 4 },
    divisions: 2,
    districts: { min: 1, max: 3 },
    teamsPerDistrict: 0,
    officersPerDistrict: { min: 10, max: 30 },
    officersPerDivision: { min: 3, max: 6 },
    commendationsPerProvince: { min: 40, max: 90 },
  },
  medium: {
    name: 'medium',
    years: [2024],
    months: 12,
    provinces: 63,
    ministryDepartments: 24,
    phases: { min: 2, max: 4 },
    divisions: 12,
    districts: { min: 8, max: 17 },
    teamsPerDistrict: 5,
    officersPerDistrict: { min: 100, max: 300 },
    officersPerDivision: { min: 20, max: 40 },
    commendationsPerProvince: { min: 1300, max: 2900 },
  },
  large: {
    name: 'large',
    years: range(2015, 2024),
    months: 12,
    provinces: 63,
    ministryDepartments: 24,
    phases: { min: 2, max: 4 },
    divisions: 12,
    districts: { min: 8, max: 17 },
    teamsPerDistrict: 6,
    officersPerDistrict: { min: 100, max: 300 },
    officersPerDivision: { min: 20, max: 40 },
    commendationsPerProvince: { min: 1300, max: 2900 },
  },
};
