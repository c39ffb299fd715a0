import type { Router } from 'express';
import { NotFoundError } from '../lib/errors';
import { flash, parseId } from '../lib/http';
import { adminSessionOr404 } from './admin-requests';
import { deleteDeletedAccountRefund, deletedAccountRefundExists } from './deleted-account-refunds.repository';
import type { EnrolmentDeps } from './enrolment.service';

/** An admin records a deleted account's refund as paid, which deletes what was kept for it (on the admin router, behind its guard). */
export function addDeletedAccountRefundRoutes(router: Router, deps: EnrolmentDeps): void {
  router.post('/admin/sessions/:id/deleted-account-refunds/:refundId/paid', async function recordDeletedAccountRefund(req, res) {
    const session = await adminSessionOr404(deps.db, req);
    const refundId = parseId(req.params.refundId);
    if (!refundId) throw new NotFoundError();
    const gone = await deleteDeletedAccountRefund(deps.db, session.id, refundId);
    if (!gone && (await deletedAccountRefundExists(deps.db, refundId))) throw new NotFoundError();
    // Not there at all: recorded a moment ago (the button pressed twice), as the record goes once paid.
    flash(req, 'success', gone ? `Refund to ${gone.name} recorded. What was kept for it is now deleted.` : 'That refund is already recorded, so nothing more was done.');
    res.redirect(`/admin/sessions/${session.id}#refunds-of-deleted-accounts`);
  });
}
