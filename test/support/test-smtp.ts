import { AddressInfo } from 'node:net';
import { simpleParser, ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface TestSmtp {
  url: string;
  messages: ParsedMail[];
  stop(): Promise<void>;
}

/** A real SMTP server in this process that keeps every message it accepts, parsed. */
export async function startTestSmtp(): Promise<TestSmtp> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** For one test file: a test SMTP server, started before the tests (and any worker set up after this). */
export function useTestSmtp(): TestSmtp {
  const smtp = {} as TestSmtp;
  beforeAll(async () => {
    Object.assign(smtp, await startTestSmtp());
  });
  afterAll(async () => {
    await smtp.stop?.();
  });
  return smtp;
}
