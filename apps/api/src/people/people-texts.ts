import { swedishRoles } from '@app/domain/role-names';
import { swedishDate } from '@app/domain/swedish';
import type { UserRole } from '@app/domain';
import type { ComposedMessage } from '@app/notifications';

/** The address of the set-password page for a one-time token. */
export const setPasswordLink = (publicUrl: string, token: string) => `${publicUrl.replace(/\/$/, '')}/#/losenord/${token}`;

export interface InvitationFacts {
  name: string;
  inviter: string;
  agreementTitle: string;
  municipality: string;
  party: string | null;
  roles: UserRole[];
  expiresAt: Date;
}

/** The invitation: who invites, to what, as what, and the one-time link (valid 7 days). */
export function invitationText(facts: InvitationFacts, link: string): ComposedMessage {
  const as = `${swedishRoles(facts.roles)}${facts.party ? ` för ${facts.party}` : ''}`;
  return {
    subject: `Inbjudan till Samverkan: ${facts.agreementTitle}`,
    text: [
      `Hej ${facts.name}!`,
      `${facts.inviter} har bjudit in dig till Samverkan, uppföljningen av ${facts.agreementTitle} (${facts.municipality}), som ${as}.`,
      `Välj ditt lösenord här. Länken fungerar en gång och gäller till och med ${swedishDate(facts.expiresAt.toISOString())}:\n${link}`,
      'Väntade du dig inte den här inbjudan kan du bortse från meddelandet; utan lösenord kommer ingen in med din adress.',
    ].join('\n\n'),
  };
}

/** A person who has a password already is told of the new membership, without a link to set one. */
export function addedText(facts: Omit<InvitationFacts, 'expiresAt'>, link: string): ComposedMessage {
  const as = `${swedishRoles(facts.roles)}${facts.party ? ` för ${facts.party}` : ''}`;
  return {
    subject: `Du har fått tillgång till ${facts.agreementTitle}`,
    text: [
      `Hej ${facts.name}!`,
      `${facts.inviter} har gett dig tillgång till uppföljningen av ${facts.agreementTitle} (${facts.municipality}) i Samverkan, som ${as}.`,
      `Logga in med ditt vanliga lösenord:\n${link}`,
    ].join('\n\n'),
  };
}

/** A password reset the person asked for: the one-time link, valid one hour. */
export function resetText(name: string, link: string): ComposedMessage {
  return {
    subject: 'Återställ ditt lösenord i Samverkan',
    text: [
      `Hej ${name}!`,
      `Någon, förhoppningsvis du, har bett om att få välja ett nytt lösenord till Samverkan. Länken fungerar en gång och gäller i en timme:\n${link}`,
      'Bad du inte om det kan du bortse från meddelandet: ditt lösenord är oförändrat.',
    ].join('\n\n'),
  };
}
