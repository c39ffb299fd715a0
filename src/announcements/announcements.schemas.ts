import { z } from 'zod';

export const AnnouncementForm = z.object({
  title: z.string({ message: 'Please give the announcement a title.' }).trim().min(1, 'Please give the announcement a title.').max(200, 'Please keep the title to at most 200 characters.'),
  body: z.string({ message: 'Please write the announcement.' }).trim().min(1, 'Please write the announcement.').max(20000, 'Please keep it to at most 20,000 characters.'),
});
