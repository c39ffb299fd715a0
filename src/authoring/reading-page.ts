import type { Response } from 'express';
import type { Db } from '../db';
import { ALLOWED_LABEL, MAX_FILE_BYTES, MAX_FILES_PER_UPLOAD } from '../files';
import { loadCourse } from './courses.service';
import { loadCourseModule } from './course-modules.service';
import type { FormView } from './form-flow';
import { openWeekNotice } from './open-week-notice';
import { listReadingFiles } from './reading-files.repository';
import { loadReading } from './readings.service';
import { listToolkitSections } from './toolkit-sections.repository';

export const modulePage = (courseId: number, moduleId: number) => `/admin/courses/${courseId}/modules/${moduleId}`;

function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** Renders the add/edit reading page; when editing, it also lists the reading's files. */
export async function renderReadingPage(db: Db, res: Response, status: number, view: FormView, ids: { courseId: number; moduleId: number; readingId?: number }): Promise<void> {
  const course = await loadCourse(db, ids.courseId);
  const mod = await loadCourseModule(db, ids.courseId, ids.moduleId);
  const reading = ids.readingId ? await loadReading(db, ids.courseId, ids.moduleId, ids.readingId) : undefined;
  const [sections, files, openWeek] = await Promise.all([
    listToolkitSections(db, mod.id),
    reading ? listReadingFiles(db, reading.id) : [],
    openWeekNotice(db, ids.courseId, mod.week, reading ? 'reading' : 'new-reading'),
  ]);
  const readingBase = reading ? `${modulePage(course.id, mod.id)}/readings/${reading.id}` : undefined;
  res.status(status).render('authoring/reading-form', {
    title: reading ? `Edit reading: ${reading.title}` : `New reading for week ${mod.week}`,
    course,
    mod,
    reading,
    openWeek,
    readingBase,
    sectionKeys: sections.map((s) => s.key),
    files: files.map((f) => ({ id: f.id, name: f.original_name, size: sizeLabel(f.size_bytes), url: `${readingBase}/files/${f.id}` })),
    uploadHint: `${ALLOWED_LABEL}; up to ${Math.round(MAX_FILE_BYTES / (1024 * 1024))} MB each, ${MAX_FILES_PER_UPLOAD} at a time.`,
    action: readingBase ?? `${modulePage(course.id, mod.id)}/readings`,
    ...view,
  });
}
