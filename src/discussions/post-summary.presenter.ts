import { formatInZone } from '../lib/dates';
import { markdownToText } from '../lib/markdown';
import type { PostRow } from './discussions.types';

const EXCERPT_LENGTH = 200;

/** A post named on a confirmation page (report, delete): who wrote it, when, and how it begins. */
export interface PostSummary {
  id: number;
  authorName: string;
  createdIso: string;
  createdText: string;
  /** Undefined when the reader may not see the text (removed, or hidden from them). */
  excerpt?: string;
}

export function summarisePost(post: PostRow, authorName: string | null | undefined, timeZone: string, showText: boolean): PostSummary {
  const text = showText && post.status !== 'deleted' ? markdownToText(post.body_md).replace(/\s+/g, ' ') : '';
  return {
    id: post.id,
    authorName: authorName ?? 'A former participant',
    createdIso: post.created_at.toISOString(),
    createdText: formatInZone(post.created_at, timeZone, 'd LLL yyyy, HH:mm'),
    excerpt: text ? (text.length > EXCERPT_LENGTH ? `${text.slice(0, EXCERPT_LENGTH).trimEnd()}…` : text) : undefined,
  };
}
