import { redactUrl } from './logging.module';

describe('the request log', () => {
  it('never shows a calendar feed’s secret', () => {
    expect(redactUrl('/api/calendar/AbC_123-xyz0123456789abcd.ics')).toBe('/api/calendar/[redacted]');
    expect(redactUrl('/api/calendar/AbC_123-xyz0123456789abcd.ics?x=1')).toBe('/api/calendar/[redacted]?x=1');
    expect(redactUrl('/api/activities/mbu?agreement=vasteras-2023-2027')).toBe('/api/activities/mbu?agreement=vasteras-2023-2027');
    expect(redactUrl('/api/me/calendar-feed')).toBe('/api/me/calendar-feed');
  });
});
