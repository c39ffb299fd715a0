import type { Express } from 'express';

export interface AppRoute {
  method: string;
  /** The full path pattern as written in the router, e.g. /sessions/:id/weeks/:week. */
  path: string;
}

interface Layer {
  rawPath?: unknown;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: Layer[] };
}

function joinPath(prefix: string, path: string): string {
  const joined = `${prefix.replace(/\/$/, '')}/${path.replace(/^\//, '')}`;
  return joined.length > 1 ? joined.replace(/\/$/, '') : '/';
}

function pathsOf(raw: unknown, where: string): string[] {
  const list = Array.isArray(raw) ? raw.flat(Infinity) : [raw];
  return list.map((p) => {
    if (typeof p !== 'string') throw new Error(`cannot enumerate a non-string route path at ${where}: ${String(p)}`);
    return p;
  });
}

/**
 * Every route of the app, read from Express 5's own router stack (router 2.x keeps the path a
 * layer was made with in `rawPath`), so a route added later is listed without anyone listing it.
 */
export function listRoutes(app: Express): AppRoute[] {
  const root = (app as unknown as { router?: { stack: Layer[] } }).router;
  if (!root) throw new Error('the app has no router yet');
  const routes: AppRoute[] = [];
  const walk = (stack: Layer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        const methods = Object.keys(layer.route.methods).filter((m) => layer.route!.methods[m]);
        for (const p of pathsOf(layer.rawPath ?? layer.route.path, prefix)) {
          for (const m of methods) routes.push({ method: m === '_all' ? 'ALL' : m.toUpperCase(), path: joinPath(prefix, p) });
        }
      } else if (Array.isArray(layer.handle?.stack)) {
        for (const p of pathsOf(layer.rawPath ?? '/', prefix)) walk(layer.handle.stack, joinPath(prefix, p));
      }
    }
  };
  walk(root.stack, '/');
  const seen = new Set<string>();
  return routes.filter((r) => {
    const key = `${r.method} ${r.path}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The names of a route's parameters with the path segment just before each (its "kind"). */
export function paramsOf(path: string): { name: string; before: string }[] {
  const segments = path.split('/');
  const out: { name: string; before: string }[] = [];
  segments.forEach((seg, i) => {
    for (const m of seg.matchAll(/:([A-Za-z0-9_]+)/g)) out.push({ name: m[1], before: segments[i - 1] ?? '' });
  });
  return out;
}
