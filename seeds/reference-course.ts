import type { Db } from '../src/db';
import { renderMarkdown } from '../src/lib/markdown';
import type { SeedCourse } from './data/reference-course';

/** The completion rules of ../course/README.md, stored per course so admins can edit them. */
export const DEFAULT_COMPLETION_RULES = {
  readingsDone: true,
  exerciseSubmitted: true,
  postsPerWeek: 1,
  repliesPerWeek: 2,
  toolkitEntriesPerSection: 1,
  evaluation: true,
  completionGraceDays: 30,
};

/** Inserts a course with its modules, readings, exercises and toolkit sections; returns its id. */
export async function insertSeedCourse(db: Db, course: SeedCourse, published = true): Promise<number> {
  const [{ id: courseId }] = await db('courses')
    .insert({
      slug: course.slug,
      title: course.title,
      summary: course.summary,
      description_md: course.descriptionMd,
      description_html: renderMarkdown(course.descriptionMd),
      contact_hours: course.contactHours,
      price_minor: course.priceMinor,
      currency: course.currency,
      outcomes: JSON.stringify(course.outcomes),
      audience_md: course.audienceMd,
      audience_html: renderMarkdown(course.audienceMd),
      provider_name: course.providerName,
      instructor_name: course.instructor.name,
      instructor_bio_md: course.instructor.bioMd,
      instructor_bio_html: renderMarkdown(course.instructor.bioMd),
      support_resources_md: course.supportResourcesMd,
      support_resources_html: renderMarkdown(course.supportResourcesMd),
      completion_rules: JSON.stringify(DEFAULT_COMPLETION_RULES),
      published,
    })
    .returning('id');

  for (const mod of course.modules) {
    const [{ id: moduleId }] = await db('course_modules')
      .insert({
        course_id: courseId,
        week: mod.week,
        title: mod.title,
        summary_md: mod.summaryMd,
        summary_html: renderMarkdown(mod.summaryMd),
        outcome_numbers: JSON.stringify(mod.outcomeNumbers),
        estimated_minutes: mod.estimatedMinutes,
        discussion_prompt_md: mod.discussionPrompt,
        discussion_prompt_html: renderMarkdown(mod.discussionPrompt),
      })
      .returning('id');
    await db('exercises').insert({
      course_module_id: moduleId,
      title: mod.exercise.title,
      prompt_md: mod.exercise.promptMd,
      prompt_html: renderMarkdown(mod.exercise.promptMd),
    });
    await db('toolkit_sections').insert(
      mod.toolkitSections.map((s, i) => ({
        course_module_id: moduleId,
        position: i + 1,
        key: s.key,
        title: s.title,
        prompt: s.prompt,
        examples: JSON.stringify(s.examples),
      })),
    );
    for (const [i, reading] of mod.readings.entries()) {
      const [{ id: readingId }] = await db('readings')
        .insert({
          course_module_id: moduleId,
          position: i + 1,
          slug: reading.slug,
          title: reading.title,
          minutes: reading.minutes,
          content_note: reading.contentNote ?? null,
          body_md: reading.bodyMd,
          body_html: renderMarkdown(reading.bodyMd),
        })
        .returning('id');
      if (reading.suggestions.length) {
        await db('reading_suggestions').insert(
          reading.suggestions.map((s) => ({ reading_id: readingId, section_key: s.sectionKey, text: s.text })),
        );
      }
    }
  }
  return courseId;
}
