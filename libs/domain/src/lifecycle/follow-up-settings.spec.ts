import { DEFAULT_FOLLOW_UP_SETTINGS, followUpSettingsProblems } from './follow-up-settings';

describe('follow-up settings of an agreement', () => {
  it('takes the defaults and any positive durations, seconds too (for demos and tests)', () => {
    expect(followUpSettingsProblems(DEFAULT_FOLLOW_UP_SETTINGS)).toEqual([]);
    expect(
      followUpSettingsProblems({ reminderOffsets: ['PT2S'], escalationLadder: [{ level: 1, body: 'operational', after: 'PT5S' }, { level: 2, body: 'strategic', after: 'P1M' }] }),
    ).toEqual([]);
  });

  it('names every problem: a zero or malformed duration, an unknown body, a level out of order', () => {
    expect(
      followUpSettingsProblems({
        reminderOffsets: ['P7D', 'PT0S', 'a week'],
        escalationLadder: [
          { level: 1, body: 'operational', after: 'P3D' },
          { level: 3, body: 'kommunfullmäktige' as never, after: '-P1D' },
        ],
      }),
    ).toEqual([
      'reminderOffsets[1] must be a positive ISO-8601 duration such as P7D or PT30S (got "PT0S")',
      'reminderOffsets[2] must be a positive ISO-8601 duration such as P7D or PT30S (got "a week")',
      'escalationLadder[1].after must be a positive ISO-8601 duration such as P3D (got "-P1D")',
      'escalationLadder[1].body must be one of operational, strategic, safety-council',
      'escalationLadder[1].level must be 2: levels climb one step at a time',
    ]);
  });
});
