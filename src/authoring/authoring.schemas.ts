import { z } from 'zod';
import { parseMinorUnits } from './money';
import { CURRENCIES } from '../enrolment';

// Forms post strings; a field missing entirely is treated as left empty, never as a 500.
const posted = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === undefined || v === null ? '' : v), schema);

const requiredText = (what: string, max: number) =>
  posted(z.string().trim().min(1, `Please enter ${what}.`).max(max, `Please keep ${what} to ${max} characters.`));

const optionalText = (what: string, max: number) => posted(z.string().trim().max(max, `Please keep ${what} to ${max} characters.`));

const markdown = (what: string, max: number, required: boolean) =>
  posted(
    z
      .string()
      .max(max, `Please keep ${what} to ${max.toLocaleString('en')} characters.`)
      .refine((v) => !required || v.trim().length > 0, `Please write ${what}.`),
  );

const wholeNumber = (what: string, min: number, max: number) =>
  posted(
    z
      .string()
      .trim()
      .regex(/^\d{1,6}$/, `Please enter ${what} as a whole number from ${min} to ${max}.`)
      .transform(Number)
      .refine((n) => n >= min && n <= max, `Please enter ${what} as a whole number from ${min} to ${max}.`),
  );

/** A whole number where an empty field means 0 (as "no estimate"). */
const wholeNumberOrZero = (what: string, min: number, max: number) =>
  z.preprocess((v) => (v === undefined || v === null || (typeof v === 'string' && v.trim() === '') ? '0' : v), wholeNumber(what, min, max));

const slug = (what: string, max: number) =>
  posted(
    z
      .string()
      .trim()
      .toLowerCase()
      .min(1, `Please enter ${what}.`)
      .max(max, `Please keep ${what} to ${max} characters.`)
      .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, `Please use only lowercase letters, digits and single hyphens in ${what}, like "caring-for-carers".`),
  );

const lines = (what: string, maxEach: number) =>
  posted(
    z
      .string()
      .max(20_000, `Please shorten ${what}.`)
      .transform((v) => v.split(/\r?\n/).map((s) => s.trim()).filter(Boolean))
      .refine((items) => items.every((s) => s.length <= maxEach), `Please keep each line of ${what} to ${maxEach} characters.`),
  );

const checkbox = z.preprocess((v) => v === 'on' || v === 'true' || v === '1', z.boolean());

export const CourseDetailsForm = z.object({
  title: requiredText('the course title', 200),
  slug: slug('the web address', 120),
  summary: requiredText('a one-line summary', 500),
  description: markdown('the description', 20_000, true),
  outcomes: lines('the outcomes', 500).refine((items) => items.length >= 1 && items.length <= 20, 'Please list from 1 to 20 outcomes, one per line.'),
  audience: markdown('who the course is for', 10_000, true),
  providerName: requiredText('the provider name', 200),
  instructorName: requiredText('the instructor name', 200),
  instructorBio: markdown('the instructor biography', 10_000, true),
  contactHours: wholeNumber('the contact hours', 1, 1000),
  price: posted(
    z
      .string()
      .trim()
      .transform((v) => parseMinorUnits(v))
      .refine((v): v is number => v !== undefined, 'Please enter the price as a number like 250.00 (no currency sign or commas).'),
  ),
  currency: posted(z.string().trim().toUpperCase().pipe(z.enum(CURRENCIES, { message: 'Please choose a currency.' }))),
  supportResources: markdown('the support resources', 10_000, false),
});
export type CourseDetailsInput = z.infer<typeof CourseDetailsForm>;

export const CompletionRulesForm = z.object({
  postsPerWeek: wholeNumber('the posts per week', 0, 20),
  repliesPerWeek: wholeNumber('the replies per week', 0, 20),
  toolkitEntriesPerSection: wholeNumber('the toolkit entries per section', 0, 20),
  completionGraceDays: wholeNumber('the grace days', 0, 365),
  readingsDone: checkbox,
  exerciseSubmitted: checkbox,
  evaluation: checkbox,
});
export type CompletionRulesInput = z.infer<typeof CompletionRulesForm>;

export const CourseModuleForm = z.object({
  week: wholeNumber('the week number', 1, 52),
  title: requiredText('the week title', 200),
  summary: markdown('the summary', 10_000, false),
  outcomeNumbers: posted(
    z
      .string()
      .trim()
      .regex(/^(\d{1,2}(\s*,\s*|\s+))*\d{0,2}$/, 'Please list outcome numbers separated by commas, like 1, 3.')
      .transform((v) => [...new Set(v.split(/[\s,]+/).filter(Boolean).map(Number))].sort((a, b) => a - b)),
  ),
  estimatedMinutes: wholeNumberOrZero('the estimated minutes', 0, 6000),
  discussionPrompt: markdown('the discussion prompt', 10_000, false),
});
export type CourseModuleInput = z.infer<typeof CourseModuleForm>;

export const ExerciseForm = z.object({
  title: requiredText('the exercise title', 200),
  prompt: markdown('the exercise prompt', 20_000, true),
});
export type ExerciseInput = z.infer<typeof ExerciseForm>;

const suggestionLine = /^([a-z0-9]+(?:-[a-z0-9]+)*)\s*:\s*(.+)$/;

export const ReadingForm = z.object({
  title: requiredText('the reading title', 200),
  slug: slug('the reading address', 120),
  minutes: wholeNumber('the minutes', 1, 600),
  contentNote: optionalText('the content note', 500),
  body: markdown('the reading text', 100_000, true),
  suggestions: lines('the suggestions', 1000)
    .refine((items) => items.every((s) => suggestionLine.test(s)), 'Please write each suggestion as "section-key: text", one per line.')
    .transform((items) =>
      items.map((s) => {
        const [, sectionKey, text] = suggestionLine.exec(s)!;
        return { sectionKey, text: text.trim() };
      }),
    ),
});
export type ReadingInput = z.infer<typeof ReadingForm>;

export const ToolkitSectionForm = z.object({
  key: slug('the section key', 60),
  title: requiredText('the section title', 200),
  prompt: requiredText('the section prompt', 2000),
  examples: lines('the examples', 500).refine((items) => items.length <= 30, 'Please keep to 30 examples.'),
});
export type ToolkitSectionInput = z.infer<typeof ToolkitSectionForm>;

export const MoveForm = z.object({ direction: z.enum(['up', 'down']) });

export const MarkdownPreviewBody = z.object({ markdown: z.string().max(100_000) });
