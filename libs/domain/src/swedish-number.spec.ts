import { parseProgress, parseSwedishNumber } from './swedish-number';

describe('Swedish numbers in forms', () => {
  it('reads a decimal comma or point and thousands spaces', () => {
    expect(parseSwedishNumber('40,5')).toEqual({ value: 40.5 });
    expect(parseSwedishNumber(' 40.5 ')).toEqual({ value: 40.5 });
    expect(parseSwedishNumber('1 000,25')).toEqual({ value: 1000.25 });
    expect(parseSwedishNumber('−3')).toEqual({ value: -3 });
  });

  it('refuses what is no number, or out of range, with a Swedish reason', () => {
    expect(parseSwedishNumber('fyrtio').error).toBe('”fyrtio” är inget tal. Skriv till exempel 40 eller 40,5.');
    expect(parseSwedishNumber('40,5,1').error).toMatch(/inget tal/);
    expect(parseSwedishNumber('').error).toBe('Fyll i ett tal.');
    expect(parseSwedishNumber('101', { min: 0, max: 100 }).error).toBe('Ange ett tal från 0 till 100.');
  });

  it('rounds progress to whole percent, halves up, as the hint says ("40,5" is 41, never 405)', () => {
    expect(parseProgress('40,5')).toEqual({ value: 41 });
    expect(parseProgress('40,4')).toEqual({ value: 40 });
    expect(parseProgress('40 %')).toEqual({ value: 40 });
    expect(parseProgress('100')).toEqual({ value: 100 });
    expect(parseProgress('100,4')).toEqual({ error: 'Ange hur långt ni kommit, från 0 till 100 %.' });
    expect(parseProgress('-1')).toEqual({ error: 'Ange hur långt ni kommit, från 0 till 100 %.' });
  });
});
