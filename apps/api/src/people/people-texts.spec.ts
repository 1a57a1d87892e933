import { addedText, invitationText, resetText, setPasswordLink } from './people-texts';

describe('the Swedish e-mails of people administration', () => {
  const link = setPasswordLink('https://samverkan.exempelby.se/', 'abc_DEF-123');

  it('puts the one-time token in the set-password page address', () => {
    expect(link).toBe('https://samverkan.exempelby.se/#/losenord/abc_DEF-123');
  });

  it('invites: who, to what, as what, until when, and the link on a line of its own', () => {
    const mail = invitationText(
      { name: 'Nora Nilsson', inviter: 'Alex Administratör', agreementTitle: 'Trygg i Exempelby', municipality: 'Exempelby', party: 'Exempelby kommun', roles: ['owner', 'coordinator'], expiresAt: new Date('2026-12-09T10:00:00Z') },
      link,
    );
    expect(mail.subject).toBe('Inbjudan till Samverkan: Trygg i Exempelby');
    expect(mail.text).toContain('Hej Nora Nilsson!');
    expect(mail.text).toContain('Alex Administratör har bjudit in dig');
    expect(mail.text).toContain('som aktivitetsansvarig och samordnare för Exempelby kommun');
    expect(mail.text).toContain('9 december 2026');
    expect(mail.text).toContain(`\n${link}`);
  });

  it('tells someone with a password of the membership, without a link to set one', () => {
    const mail = addedText({ name: 'P', inviter: 'A', agreementTitle: 'T', municipality: 'M', party: null, roles: ['strategic'] }, 'https://x.se/#/t');
    expect(mail.text).toContain('som samverkansledning.');
    expect(mail.text).not.toContain('losenord');
  });

  it('resets with a link valid one hour', () => {
    expect(resetText('P', link).text).toMatch(/en timme:\n.*#\/losenord\/abc_DEF-123/);
  });
});
