import type { EnrolmentStatus } from './enrolment.policy';
import type { Money } from './money';

/** `moved`: the learner moved to another session of the course and their payment went with them. */
export type PaymentStatus = 'unpaid' | 'paid' | 'waived' | 'refund_due' | 'refunded' | 'moved';
export const PAYMENT_STATUSES: readonly PaymentStatus[] = ['unpaid', 'paid', 'waived', 'refund_due', 'refunded', 'moved'];

export const PAYMENT_LABELS: Record<PaymentStatus, string> = {
  unpaid: 'Invoice to follow',
  paid: 'Paid',
  waived: 'No charge',
  refund_due: 'Refund due',
  refunded: 'Refunded',
  moved: 'Carried to another session',
};

/** A seat that ended (session cancelled, or the learner withdrawn) before it was paid for: nothing is owed. */
export function endedUnpaid(enrolment: EnrolmentStatus, payment: PaymentStatus): boolean {
  return payment === 'unpaid' && (enrolment === 'cancelled' || enrolment === 'withdrawn');
}

/** A seat's payment in words; an ended, unpaid seat must not read "Invoice to follow". */
export function seatPaymentLabel(enrolment: EnrolmentStatus, payment: PaymentStatus): string {
  return endedUnpaid(enrolment, payment) ? 'Nothing to pay' : PAYMENT_LABELS[payment];
}

/**
 * The seam between enrolment rules and how money is taken. Enrolment asks the provider what
 * a new seat owes and what a refund looks like; it never knows whether a card was charged.
 * Card payments would be a second implementation, chosen in server.ts.
 */
export interface PaymentProvider {
  readonly name: string;
  /** The payment status a seat starts with. */
  initialStatus(price: Money): PaymentStatus;
  /** What the learner is told about paying, once their seat is taken. */
  paymentInstructions(price: Money): string;
  /** The status a seat's payment moves to when the seat is given up or cancelled. */
  statusWhenSeatEnds(current: PaymentStatus): PaymentStatus;
}

/** Today's way: the provider invoices learners or their institutions; admins record payment by hand. */
export class ManualInvoicing implements PaymentProvider {
  readonly name = 'manual-invoicing';

  initialStatus(price: Money): PaymentStatus {
    return price.minor === 0 ? 'waived' : 'unpaid';
  }

  paymentInstructions(price: Money): string {
    return price.minor === 0
      ? 'There is nothing to pay for this session.'
      : 'We will send an invoice to you or your institution. You do not need to pay anything now.';
  }

  statusWhenSeatEnds(current: PaymentStatus): PaymentStatus {
    return current === 'paid' ? 'refund_due' : current;
  }
}

export const manualInvoicing: PaymentProvider = new ManualInvoicing();
