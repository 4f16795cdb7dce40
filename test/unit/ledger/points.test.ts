import { describe, expect, it } from '@jest/globals';
import { formatPoints, InvalidPointsError, isValidPoints, parsePoints, pointsToNumber } from '../../../src/ledger/points.js';

describe('parsePoints', () => {
  it.each([
    [12, 1200],
    [12.5, 1250],
    ['12.50', 1250],
    ['-3', -300],
    ['0.1', 10],
    [0.1, 10],
    [0.25, 25],
    [-0.05, -5],
    ['-12.34', -1234],
    [' 7.5 ', 750],
    [0, 0],
    ['999999999999.99', 99999999999999],
    // The Vietnamese decimal comma, as people type it: "6,5" điểm.
    ['6,5', 650],
    ['-0,25', -25],
    ['12,50', 1250],
  ])('accepts %p as %p hundredths', (input, expected) => {
    expect(parsePoints(input)).toBe(expected);
    expect(isValidPoints(input)).toBe(true);
  });

  it('never returns -0', () => {
    expect(Object.is(parsePoints('-0'), 0)).toBe(true);
    expect(Object.is(parsePoints('-0.00'), 0)).toBe(true);
    expect(Object.is(parsePoints(-0), 0)).toBe(true);
  });

  it.each([
    [1.234],
    ['1.234'],
    ['abc'],
    [NaN],
    [Infinity],
    [-Infinity],
    [1e-7],
    [1e21],
    [''],
    ['   '],
    [null],
    [undefined],
    [{}],
    [{ points: 12 }],
    [[12]],
    [true],
    ['+5'],
    ['.5'],
    ['5.'],
    // Three digits after a comma read as a thousands separator elsewhere: refused, never guessed.
    ['1,234'],
    ['1,5.2'],
    ['1.5,2'],
    ['1,'],
    ['12.5.1'],
    ['0x10'],
    ['1e2'],
    ['1234567890123'],
    [0.1 + 0.2],
  ])('refuses %p', (input) => {
    expect(() => parsePoints(input)).toThrow(InvalidPointsError);
    expect(isValidPoints(input)).toBe(false);
  });
});

describe('formatPoints', () => {
  it.each([
    [1250, '12.5'],
    [-300, '-3'],
    [25, '0.25'],
    [0, '0'],
    [-0, '0'],
    [5, '0.05'],
    [-5, '-0.05'],
    [10, '0.1'],
    [100000, '1000'],
    [-1234, '-12.34'],
    [1201, '12.01'],
  ])('formats %p hundredths as %p', (value, expected) => {
    expect(formatPoints(value)).toBe(expected);
  });

  it('has no "-0" form', () => {
    expect(formatPoints(-0)).toBe('0');
    expect(formatPoints(parsePoints('-0.00'))).toBe('0');
  });
});

describe('exact arithmetic', () => {
  it('0.1 + 0.2 is exactly 30 hundredths, formatted "0.3"', () => {
    const sum = parsePoints(0.1) + parsePoints(0.2);
    expect(sum).toBe(30);
    expect(formatPoints(sum)).toBe('0.3');
    expect(pointsToNumber(sum)).toBe(0.3);
  });

  it('pointsToNumber gives the shortest exact decimal', () => {
    expect(pointsToNumber(1230)).toBe(12.3);
    expect(pointsToNumber(-5)).toBe(-0.05);
    expect(String(pointsToNumber(parsePoints('12.50')))).toBe('12.5');
  });

  it('sums of 1,000 random two-decimal values are exact and every value round-trips', () => {
    // mulberry32: a small seeded PRNG, so a failure is reproducible.
    let seed = 0x5eed2026;
    const random = () => {
      seed = (seed + 0x6d2b79f5) | 0;
      let t = seed;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };

    let expectedSum = 0;
    let parsedSum = 0;
    for (let i = 0; i < 1000; i++) {
      const negative = random() < 0.3;
      const whole = Math.floor(random() * 1000);
      const cents = Math.floor(random() * 100);
      const exact = (negative ? -1 : 1) * (whole * 100 + cents);
      // Build the text as a user might type it: sometimes one decimal, sometimes a padded zero.
      const centsText = String(cents).padStart(2, '0');
      const text = `${negative ? '-' : ''}${whole}.${centsText}`;

      const parsed = parsePoints(text);
      expect(parsed).toBe(exact === 0 ? 0 : exact);
      expectedSum += exact;
      parsedSum += parsed;

      const canonical = formatPoints(parsed);
      // canonical: no trailing zeros, no "-0", no trailing "."
      expect(canonical).not.toMatch(/\.\d*0$|^-0$|\.$/);
      expect(parsePoints(canonical)).toBe(parsed);
      expect(formatPoints(parsePoints(canonical))).toBe(canonical);
      // The JSON number form parses back to the same hundredths.
      expect(parsePoints(pointsToNumber(parsed))).toBe(parsed);
    }
    expect(parsedSum).toBe(expectedSum);
    expect(Number.isInteger(parsedSum)).toBe(true);
  });
});
