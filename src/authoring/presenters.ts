import type { CourseRow } from './courses.repository';
import type { CourseModuleRow, ExerciseRow } from './course-modules.repository';
import type { ReadingRow, SuggestionRow } from './readings.repository';
import type { ToolkitSectionRow } from './toolkit-sections.repository';
import { formatMinorUnits } from './money';

// Stored rows back into the strings the forms post, so one template serves new, edit and 422.

export function courseValues(course: CourseRow): Record<string, string> {
  return {
    title: course.title,
    slug: course.slug,
    summary: course.summary,
    description: course.description_md,
    outcomes: course.outcomes.join('\n'),
    audience: course.audience_md,
    providerName: course.provider_name,
    instructorName: course.instructor_name,
    instructorBio: course.instructor_bio_md,
    contactHours: String(course.contact_hours),
    price: formatMinorUnits(course.price_minor),
    currency: course.currency,
    supportResources: course.support_resources_md,
  };
}

export const newCourseValues = (): Record<string, string> => ({ contactHours: '15', price: '0.00', currency: 'USD' });

export function completionRuleValues(rules: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(rules)) {
    if (typeof value === 'number') values[key] = String(value);
    else if (value === true) values[key] = 'on';
  }
  return values;
}

export function courseModuleValues(mod: CourseModuleRow): Record<string, string> {
  return {
    week: String(mod.week),
    title: mod.title,
    summary: mod.summary_md,
    outcomeNumbers: mod.outcome_numbers.join(', '),
    estimatedMinutes: mod.estimated_minutes ? String(mod.estimated_minutes) : '',
    discussionPrompt: mod.discussion_prompt_md,
  };
}

export function exerciseValues(exercise: ExerciseRow | undefined): Record<string, string> {
  return exercise ? { title: exercise.title, prompt: exercise.prompt_md } : { title: 'Reflective exercise' };
}

export function readingValues(reading: ReadingRow, suggestions: SuggestionRow[]): Record<string, string> {
  return {
    title: reading.title,
    slug: reading.slug,
    minutes: String(reading.minutes),
    contentNote: reading.content_note ?? '',
    body: reading.body_md,
    suggestions: suggestions.map((s) => `${s.section_key}: ${s.text}`).join('\n'),
  };
}

export function toolkitSectionValues(section: ToolkitSectionRow): Record<string, string> {
  return { key: section.key, title: section.title, prompt: section.prompt, examples: section.examples.join('\n') };
}
