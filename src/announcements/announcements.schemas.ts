import { z } from 'zod';

/** When an announcement goes out: now, with a week's opening email (`week-2`), or at a time (`later`, with `at`). */
export type AnnouncementTiming = { kind: 'now' } | { kind: 'week'; week: number } | { kind: 'later'; at: string };

const timing = (when: string, at: string | undefined): AnnouncementTiming => {
  const week = /^week-(\d{1,2})$/.exec(when);
  if (week) return { kind: 'week', week: Number(week[1]) };
  return when === 'later' ? { kind: 'later', at: at ?? '' } : { kind: 'now' };
};

export const AnnouncementForm = z
  .object({
    title: z.string({ message: 'Please give the announcement a title.' }).trim().min(1, 'Please give the announcement a title.').max(200, 'Please keep the title to at most 200 characters.'),
    body: z.string({ message: 'Please write the announcement.' }).trim().min(1, 'Please write the announcement.').max(20000, 'Please keep it to at most 20,000 characters.'),
    // Absent on a form without the choice (editing one already out): its timing stays as it is.
    when: z.string().regex(/^(now|later|week-\d{1,2})$/, 'Please choose when it goes out.').optional(),
    at: z.string().trim().max(40, 'Please enter the day and time it goes up, like 2026-12-07T09:00.').optional(),
  })
  .transform((form) => ({ title: form.title, body: form.body, timing: form.when ? timing(form.when, form.at) : undefined }));
export type AnnouncementInput = z.infer<typeof AnnouncementForm>;
