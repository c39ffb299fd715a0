import { DateTime } from 'luxon';
import { z } from 'zod';
import { CURRENCIES, parseMoney } from './money';
import { isValidTimeZone, spelledTimeZone } from './session-dates';

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const wholeNumber = (what: string, min: number, max: number) =>
  z
    .string({ message: `Please enter the ${what}.` })
    .trim()
    .regex(/^\d{1,6}$/, `Please enter the ${what} as a whole number.`)
    .transform(Number)
    .pipe(z.number().min(min, `The ${what} must be at least ${min}.`).max(max, `The ${what} can be at most ${max}.`));

const calendarDate = (message: string) =>
  z
    .string({ message })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, message)
    .refine((v) => DateTime.fromISO(v).isValid, message);

const localDateTime = (message: string) =>
  z.preprocess(
    blankToUndefined,
    z
      .string()
      .trim()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, message)
      .refine((v) => DateTime.fromISO(v).isValid, message)
      .optional(),
  );

/** The session form as typed; instants are read in the session's own time zone. */
export const SessionForm = z
  .object({
    courseId: z.preprocess(blankToUndefined, z.string().regex(/^[1-9]\d{0,9}$/, 'Please choose a course.').transform(Number).optional()),
    startDate: calendarDate('Please enter the first day of the session as a date, like 2026-05-04.'),
    timeZone: z
      .string({ message: 'Please enter a time zone.' })
      .trim()
      .min(1, 'Please enter a time zone, like Europe/London or America/Chicago.')
      .max(64, 'That time zone name is too long.')
      .refine(isValidTimeZone, 'We do not know that time zone. Use a name like Europe/London or America/Chicago.')
      .transform(spelledTimeZone),
    capacity: wholeNumber('capacity', 1, 1000),
    minEnrolment: wholeNumber('minimum enrolment', 0, 1000),
    price: z
      .string({ message: 'Please enter the price.' })
      .trim()
      .min(1, 'Please enter the price, like 250.00.')
      .regex(/^\d{1,3}(,?\d{3}){0,2}(\.\d{1,2})?$/, 'Please enter the price as an amount like 250 or 250.00, without the currency sign.'),
    currency: z.enum(CURRENCIES, { message: 'Please choose a currency.' }),
    goNoGoDate: z.preprocess(blankToUndefined, calendarDate('Please enter the go/no-go date like 2026-04-27, or leave it empty.').optional()),
    registrationOpensAt: localDateTime('Please enter when registration opens like 2026-04-01T09:00, or leave it empty.'),
    registrationClosesAt: localDateTime('Please enter when registration closes like 2026-05-11T00:00, or leave it empty.'),
    // A session scheduled "like" another carries that one's id; the box says whether its instructors come too.
    from: z.preprocess(blankToUndefined, z.string().regex(/^[1-9]\d{0,9}$/).transform(Number).optional().catch(undefined)),
    copyInstructors: z.preprocess((v) => v === 'yes', z.boolean()),
    // The version of the session the edit form was opened on, so one admin's save never silently undoes another's.
    rev: z.preprocess(blankToUndefined, z.string().max(1000).optional().catch(undefined)),
    // The key of the form that schedules a session, so that form sent twice schedules it once.
    formKey: z.preprocess(blankToUndefined, z.string().regex(/^[\w-]{16,64}$/).optional().catch(undefined)),
  })
  .superRefine((form, ctx) => {
    if (form.minEnrolment > form.capacity) {
      ctx.addIssue({ code: 'custom', path: ['minEnrolment'], message: 'The minimum enrolment cannot be more than the capacity.' });
    }
    if (form.goNoGoDate && form.goNoGoDate > form.startDate) {
      ctx.addIssue({ code: 'custom', path: ['goNoGoDate'], message: 'The go/no-go date must be on or before the first day of the session.' });
    }
  })
  .transform((form) => {
    const inZone = (local: string | undefined) => (local ? DateTime.fromISO(local, { zone: form.timeZone }).toJSDate() : undefined);
    return {
      courseId: form.courseId,
      startDate: form.startDate,
      timeZone: form.timeZone,
      capacity: form.capacity,
      minEnrolment: form.minEnrolment,
      priceMinor: parseMoney(form.price, form.currency)!,
      currency: form.currency,
      goNoGoAt: form.goNoGoDate ? DateTime.fromISO(form.goNoGoDate, { zone: form.timeZone }).startOf('day').toJSDate() : undefined,
      registrationOpensAt: inZone(form.registrationOpensAt),
      registrationClosesAt: inZone(form.registrationClosesAt),
      copiedFrom: form.from,
      instructorsFrom: form.copyInstructors ? form.from : undefined,
      rev: form.rev,
      formKey: form.formKey,
    };
  });
export type SessionInput = z.infer<typeof SessionForm>;

export const CancelForm = z.object({
  message: z
    .string({ message: 'Please write a message to the learners.' })
    .trim()
    .min(10, 'Please write a short message to the learners (at least 10 characters): it goes into their email.')
    .max(4000, 'Please keep the message to 4000 characters.'),
  // Cancelling emails everyone at once and cannot be undone, so the form asks for a tick first.
  understood: z.literal('yes', { message: 'Please tick the box to say you mean it: a cancelled session cannot run again.' }),
});

/** Most addresses one form adds at once: a group from one institution, not a whole catalogue. */
export const MAX_ADDED_AT_ONCE = 200;
const anEmail = z.email().max(254);

export interface ListedLearner {
  email: string;
  /** Given as "Pat Reader <pat@library.org>", for an account made from the list. */
  name?: string;
}

/** "Pat Reader <pat@library.org>" or bare addresses (several on a line, separated by spaces). */
function entriesOf(text: string): ListedLearner[] {
  return text.split(/[\n,;]+/).flatMap((part) => {
    const entry = part.trim();
    if (!entry) return [];
    const named = /^(.*?)\s*<\s*([^<>\s]+)\s*>$/.exec(entry);
    // A name pasted from a spreadsheet may keep its columns' tab: it becomes a space.
    if (named) return [{ email: named[2].toLowerCase(), name: named[1].replace(/[\s\p{Cc}]+/gu, ' ').trim().replace(/^"(.*)"$/, '$1').trim() || undefined }];
    return entry.split(/\s+/).map((email) => ({ email: email.toLowerCase() }));
  });
}

/** One address, or several separated by new lines, commas or spaces; the same one twice counts once (keeping a name given). */
const learnerList = z
  .string({ message: 'Please enter the learner’s email address.' })
  .transform((text) => {
    const byEmail = new Map<string, ListedLearner>();
    for (const entry of entriesOf(text)) byEmail.set(entry.email, { email: entry.email, name: entry.name ?? byEmail.get(entry.email)?.name });
    return [...byEmail.values()];
  })
  .superRefine((learners, ctx) => {
    if (!learners.length) return void ctx.addIssue({ code: 'custom', message: 'Please enter the learner’s email address.' });
    if (learners.length > MAX_ADDED_AT_ONCE) return void ctx.addIssue({ code: 'custom', message: `Please add at most ${MAX_ADDED_AT_ONCE} learners at a time.` });
    const wrong = learners.map((l) => l.email).filter((e) => !anEmail.safeParse(e).success);
    if (wrong.length === 1 && learners.length === 1) return void ctx.addIssue({ code: 'custom', message: 'Please enter an email address like name@library.org.' });
    if (wrong.length) return void ctx.addIssue({ code: 'custom', message: `These are not email addresses: ${wrong.join(', ')}. Please correct them; nobody was added.` });
    const long = learners.filter((l) => l.name && l.name.length > 120).map((l) => l.email);
    if (long.length) ctx.addIssue({ code: 'custom', message: `Please keep each name to 120 characters (${long.join(', ')}); nobody was added.` });
  });

export const AddLearnerForm = z.object({
  email: learnerList,
  overCapacity: z.preprocess((v) => v === 'yes' || v === 'on', z.boolean()),
  createAccounts: z.preprocess((v) => v === 'yes' || v === 'on', z.boolean()),
});

export const PaymentForm = z.object({ paymentStatus: z.enum(['unpaid', 'paid', 'waived', 'refunded'], { message: 'Please choose a payment status.' }) });

export const InstructorForm = z.object({ userId: z.string().regex(/^[1-9]\d{0,9}$/, 'Please choose an instructor.').transform(Number) });

export const WithdrawForm = z.object({
  note: z.string({ message: 'Please write the note as text.' }).trim().max(1000, 'Please keep the note to 1000 characters.').default(''),
});

export const MoveForm = z.object({
  targetSessionId: z.string({ message: 'Please choose the session to move them to.' }).regex(/^[1-9]\d{0,9}$/, 'Please choose the session to move them to.').transform(Number),
  overCapacity: z.preprocess((v) => v === 'yes' || v === 'on', z.boolean()),
  note: WithdrawForm.shape.note,
});

export const OfferForm = z.object({
  targetSessionId: z.string({ message: 'Please choose the session to offer.' }).regex(/^[1-9]\d{0,9}$/, 'Please choose the session to offer.').transform(Number),
  note: z.string({ message: 'Please write the note as text.' }).trim().max(2000, 'Please keep the note to 2000 characters.').default(''),
});
