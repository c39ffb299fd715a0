import type { Db } from '../db';
import { ConflictError, NotFoundError } from '../lib/errors';
import { deleteFeedbackDraft, saveFeedbackDraft } from './feedback-drafts.repository';
import { awaitsFeedback } from './reflections.policy';
import { lockSessionReflection } from './reflections.repository';
import type { StaffAccess } from './feedback.service';

/**
 * Keeps the feedback an instructor is writing, for the version waiting for it; an emptied box
 * leaves no draft. Once the reflection has its feedback (from another instructor, say) there is
 * nothing left to draft: 409, and the words come back to the page. The reflection is locked as
 * giving feedback locks it, so an autosave cannot land after the feedback it was a draft of.
 */
export async function keepFeedbackDraft(db: Db, access: StaffAccess, reflectionId: number, text: string, authorId: number, now = new Date()): Promise<{ savedAt: Date }> {
  return db.transaction(async (trx) => {
    const reflection = await lockSessionReflection(trx, access.session.id, reflectionId);
    if (!reflection || reflection.current_version === 0) throw new NotFoundError();
    if (!awaitsFeedback(reflection.status)) throw new ConflictError('This reflection already has feedback, so your draft was not saved. Reload the page to see it.');
    if (text) await saveFeedbackDraft(trx, { reflectionId: reflection.id, authorId, version: reflection.current_version, text, at: now });
    else await deleteFeedbackDraft(trx, reflection.id, authorId);
    return { savedAt: now };
  });
}
