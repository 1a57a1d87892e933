import { activityLink, agreementLink } from './notification-writer';
import { digestText, refusalReasonSv, reportRefusedText, toHtml } from './swedish-texts';

describe('links name the agreement', () => {
  it('an activity link is ${publicUrl}/#/<agreementKey>/aktivitet/<activityKey>', () => {
    expect(activityLink('http://samverkan.test/', 'exempelby-2025-2028', 'mbu')).toBe('http://samverkan.test/#/exempelby-2025-2028/aktivitet/mbu');
    expect(activityLink('http://samverkan.test', 'vasteras-2023-2027', 'mbu')).toBe('http://samverkan.test/#/vasteras-2023-2027/aktivitet/mbu');
    expect(agreementLink('https://x.example/', 'vasteras-2023-2027')).toBe('https://x.example/#/vasteras-2023-2027');
  });
});

describe('the digest text', () => {
  const agreement = { title: 'Samverkansöverenskommelse Exempelby', municipality: 'Exempelby', validFrom: '2025-01-01', validTo: '2028-12-31' };

  it('names its agreement in the subject and text, and links each activity under it', () => {
    const link = (key: string) => activityLink('http://samverkan.test', 'exempelby-2025-2028', key);
    const message = digestText(
      new Date('2026-11-23T07:00:00Z'),
      agreement,
      [{ title: 'Trygga stråk', dueAt: new Date('2026-11-27T22:59:59Z'), link: link('trygga-strak') }],
      [{ title: 'Människan bakom uniformen i Exempelby', level: 1, body: 'operational', link: link('mbu') }],
      'http://samverkan.test/#/exempelby-2025-2028/mina',
    );
    expect(message.subject).toBe('Samverkan Exempelby 2025–2028: din vecka – 1 uppföljning och 1 öppen eskalering');
    expect(message.text).toContain('för ”Samverkansöverenskommelse Exempelby”');
    expect(message.text).toContain('– Människan bakom uniformen i Exempelby: nivå 1, Övergripande operativ ledning\n  http://samverkan.test/#/exempelby-2025-2028/aktivitet/mbu');
    expect(message.text).toContain('http://samverkan.test/#/exempelby-2025-2028/aktivitet/trygga-strak');
  });
});

describe('the HTML part', () => {
  it('makes the platform’s own addresses clickable, and nothing else', () => {
    const link = 'http://samverkan.test/#/vasteras-2023-2027/aktivitet/mbu';
    const html = toHtml({ subject: 'Kvitterad', text: `Hej!\n\n”Se https://evil.example/x <b>”\n\nSe aktiviteten: ${link}` }, link);
    expect(html).toContain(`<a href="${link}">${link}</a>`);
    expect(html).not.toContain('href="https://evil.example');
    expect(html).toContain('&lt;b&gt;');
  });
});

describe('a report refused after it was saved', () => {
  it('tells the writer in Swedish that it was not accepted, why, and gives their summary back', () => {
    const message = reportRefusedText(
      { title: 'Trygga stråk', key: 'trygga-strak' },
      new Date('2026-07-01T12:05:00Z'),
      'The activity is completed; its follow-up has ended and takes no more reports.',
      'Vi har gått två vandringar.',
      'http://samverkan.test/#/vasteras-2023-2027/aktivitet/trygga-strak',
    );
    expect(message.subject).toBe('Lägesrapporten för ”Trygga stråk” togs inte emot');
    expect(message.text).toContain('1 juli 2026 kl. 14:05');
    expect(message.text).toContain('aktiviteten är avslutad');
    expect(message.text).toContain('”Vi har gått två vandringar.”');
    expect(message.text).toContain('http://samverkan.test/#/vasteras-2023-2027/aktivitet/trygga-strak');
  });

  it('names the usual reasons in Swedish, and passes any other on as given', () => {
    expect(refusalReasonSv('The activity is cancelled (Flyttad till regionen); it takes no more reports.')).toMatch(/^aktiviteten är avbruten/);
    expect(refusalReasonSv('progress must be a number from 0 to 100')).toBe('uppföljningen svarade: progress must be a number from 0 to 100');
  });
});
