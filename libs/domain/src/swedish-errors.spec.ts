import { ApiErrorCode } from '../../../apps/api/src/common/api-error';
import { API_ERROR_CODE_SV, API_STATUS_SV, looksSwedish, swedishError, swedishFieldProblem } from './swedish-errors';

describe('every API error in Swedish', () => {
  it.each(Object.values(ApiErrorCode))('%s has Swedish text', (code) => {
    const text = API_ERROR_CODE_SV[code];
    expect(text).toBeDefined();
    expect(looksSwedish(text)).toBe(true);
    expect(swedishError(code)).toBe(text);
    expect(swedishError({ statusCode: 400, error: code })).toBe(text);
  });

  it.each([400, 401, 403, 404, 405, 408, 409, 413, 415, 422, 429, 500, 502, 503])('HTTP %i has Swedish text', (status) => {
    expect(looksSwedish(API_STATUS_SV[status])).toBe(true);
    expect(swedishError(status)).toBe(API_STATUS_SV[status]);
    expect(swedishError({ statusCode: status, error: 'SOMETHING_NEW' })).toBe(API_STATUS_SV[status]);
  });

  it('has the lifecycle codes and a word for no answer', () => {
    for (const code of ['REJECTED', 'NOT_RUNNING', 'UNAVAILABLE', 'INVALID_VALUE']) expect(API_ERROR_CODE_SV[code]).toMatch(/[åäö]/);
    expect(swedishError(undefined)).toMatch(/^Samverkan svarar inte/);
    expect(swedishError(418)).toBe('Något gick fel. Försök igen.');
  });

  it('reads a field’s English validation message in Swedish, and keeps a Swedish one', () => {
    expect(swedishFieldProblem('progress must be a whole number from 0 to 100')).toBe('Ange ett heltal från 0 till 100.');
    expect(swedishFieldProblem('title should not be empty')).toBe('Fyll i fältet.');
    expect(swedishFieldProblem('email must be an email')).toMatch(/e-postadress/);
    expect(swedishFieldProblem('summary must be shorter than or equal to 4000 characters')).toBe('Får vara högst 4000 tecken.');
    expect(swedishFieldProblem('Datumet måste ligga inom fasen')).toBe('Datumet måste ligga inom fasen');
    expect(swedishFieldProblem('reminderOffsets[0]: P0D is shorter than a day')).toBe('Perioden P0D går inte att använda. Skriv en period om minst en dag, till exempel P1D, P2W eller P1M.');
    expect(swedishFieldProblem('reminderOffsets[0] must be a positive ISO-8601 duration such as P7D or PT30S (got "P0D")')).toMatch(/^Perioden P0D går inte/);
    expect(swedishFieldProblem('zzz')).toBe('Värdet går inte att använda. Kontrollera fältet.');
  });
});
