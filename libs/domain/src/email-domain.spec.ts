import { EMAIL_DOMAIN } from './email-domain';

describe('EMAIL_DOMAIN', () => {
  it.each(['polisen.se', 'Exempelby.example', 'a-b.c-d.se', 'vasteras.se'])('takes %s', (domain) => expect(EMAIL_DOMAIN.test(domain)).toBe(true));
  it.each(['', '@polisen.se', '*.polisen.se', 'polisen', 'polisen.se.', '-polisen.se', 'pol isen.se', 'polisen.s3', `${'a'.repeat(64)}.se`])('refuses %j', (domain) =>
    expect(EMAIL_DOMAIN.test(domain)).toBe(false),
  );
});
