export { createMailer, type Mailer, type EmailMessage } from './mailer';
export { outboxRouter } from './notifications.routes';
