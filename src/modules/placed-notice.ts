import type { Request, Response } from 'express';
import 'express-session';
import { flash, type FlashKind } from '../lib/http';

// A confirmation shown where the reader pressed the button, not at the top of the page: the
// redirect goes to `#anchor`, the page shows the message in the element with that id, and the
// browser scrolls to it and (the element being focusable) focuses it, with or without scripts.

declare module 'express-session' {
  interface SessionData {
    /** Where on the next page the queued message of this kind belongs. */
    flashPlace?: PlacedNotice;
  }
}

export interface PlacedNotice {
  anchor: string;
  kind: FlashKind;
  message: string;
}

const ANCHOR = /^[A-Za-z][\w-]{0,99}$/;

/** The #fragment of a path, if it names an element id this app could write. */
export function fragmentOf(path: string): string | undefined {
  const hash = path.indexOf('#');
  const anchor = hash < 0 ? '' : path.slice(hash + 1);
  return ANCHOR.test(anchor) ? anchor : undefined;
}

/**
 * Queues a message for the next page, meant for the element `anchor` of that page. A page that
 * shows it there takes it with takePlacedNotice; any other page shows it at its top as usual.
 */
export function flashAt(req: Request, kind: FlashKind, message: string, anchor: string | undefined): void {
  flash(req, kind, message);
  if (anchor) req.session.flashPlace = { anchor, kind, message };
  else delete req.session.flashPlace;
}

/**
 * The queued message meant for one of this page's anchors, if any. It is taken off the top of
 * the page, so it shows once, where the reader is. A place left over from another page (its
 * message already shown) is dropped.
 */
export function takePlacedNotice(req: Request, res: Response, anchors: ReadonlySet<string>): PlacedNotice | undefined {
  const place = req.session?.flashPlace;
  if (!place) return undefined;
  delete req.session.flashPlace;
  const queued = (res.locals.flash ?? {}) as Partial<Record<FlashKind, string>>;
  if (queued[place.kind] !== place.message || !anchors.has(place.anchor)) return undefined;
  res.locals.flash = Object.fromEntries(Object.entries(queued).filter(([kind]) => kind !== place.kind));
  return { anchor: place.anchor, kind: place.kind, message: place.message };
}
