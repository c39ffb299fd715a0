export { createMailer, type Mailer, type EmailMessage } from './mailer';
export { outboxRouter } from './notifications.routes';
export { emailTrouble, type EmailTrouble } from './notifications.repository';
export type { EmailDelivery } from './delivery';
