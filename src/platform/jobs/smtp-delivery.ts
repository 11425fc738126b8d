// Email delivery of the notification outbox through an SMTP server (CUSTODIAN_SMTP_URL). A message the
// server refuses throws, so the outbox keeps it with the error and tries again on its next pass.
import nodemailer from 'nodemailer';
import type { MessageDelivery } from './outbox.ts';

export interface SmtpDeliveryOptions {
  /** smtp://user:password@host:587 (STARTTLS when offered) or smtps://user:password@host:465. */
  readonly url: string;
  readonly from: string;
  /** Give up on a server that does not answer: the message is kept and tried again. */
  readonly timeoutMs?: number;
}

export function smtpDelivery(options: SmtpDeliveryOptions): MessageDelivery {
  const url = new URL(options.url);
  const timeout = options.timeoutMs ?? 30_000;
  const transport = nodemailer.createTransport({
    host: url.hostname,
    port: url.port === '' ? (url.protocol === 'smtps:' ? 465 : 587) : Number(url.port),
    secure: url.protocol === 'smtps:',
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
  });
  return {
    name: 'smtp',
    deliver: async (message) => {
      await transport.sendMail({ from: options.from, to: message.to, subject: message.subject, text: message.body });
    },
  };
}
