/**
 * A notification's unsubscribe link: in its text for the reader, and kept with the email for the
 * List-Unsubscribe header the sender adds (a mail client's one-click button): the same link.
 */
export function expectUnsubscribeLink(email: { body_text: string; unsubscribe_url: string | null }, baseUrl: string): void {
  const inText = /(\S+\/unsubscribe\/[A-Za-z0-9_-]{20,})/.exec(email.body_text)?.[1];
  expect(inText?.startsWith(`${baseUrl}/unsubscribe/`)).toBe(true);
  expect(email.unsubscribe_url).toBe(inText);
}
