import type { FastifyReply, FastifyRequest } from 'fastify';
import { SEVERITIES, type Severity } from '../../results/index.js';
import { localDate } from '../../tracker/index.js';
import type { FindingStatus } from '../../tracker/index.js';
import type { AppParts, PageContext } from '../app.js';
import { text } from '../texts.js';
import { inertOnce } from '../views.js';

const STATUSES: FindingStatus[] = ['open', 'in_progress', 'fixed', 'risk_accepted', 'false_positive'];
const MANUAL_STATUSES = ['open', 'in_progress', 'fixed', 'false_positive'] as const;
const PAGE_SIZE = 50;
const MAX_BULK = 500;

type Query = Record<string, string | string[] | undefined>;

function list(v: string | string[] | undefined): string[] {
  return v === undefined ? [] : (Array.isArray(v) ? v : [v]).flatMap((x) => x.split(',')).map((x) => x.trim()).filter(Boolean);
}

function one(v: string | string[] | undefined, max = 200): string | undefined {
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.trim() ? s.trim().slice(0, max) : undefined;
}

/** F-0042, f-42 or 42 → 42; anything else → null. */
export function parseFindingId(raw: string): number | null {
  const m = /^(?:f-?)?0*(\d{1,9})$/i.exec(raw.trim());
  return m ? Number(m[1]) : null;
}

/** Whether a role may accept risks (heads of unit and security officers only). */
export function canAccept(ctx: PageContext): boolean {
  return ctx.user.role === 'head' || ctx.user.role === 'officer';
}

export function registerFindingRoutes(parts: AppParts): void {
  const { app, config } = parts;
  const store = config.store;

  app.get('/findings', async (req, reply) => {
    const ctx = req.attt!;
    const q = req.query as Query;
    const unit = one(q.unit, 64);
    // Another unit's name in the URL or the form is refused outright, never silently widened.
    if (unit && !parts.canSee(ctx, unit)) return parts.refuse(req, reply, 403, 'forbidden');
    const severity = list(q.severity).filter((s): s is Severity => (SEVERITIES as readonly string[]).includes(s));
    const status = list(q.status).filter((s): s is FindingStatus => (STATUSES as readonly string[]).includes(s));
    const afterRaw = one(q.after, 12);
    const after = afterRaw && /^\d{1,9}$/.test(afterRaw) ? Number(afterRaw) : undefined;
    const filter = { unit, system: one(q.system, 64), checkId: one(q.check, 128), severity, status, overdue: one(q.overdue) === '1' };
    const now = config.now();
    const page = store.page({ ...filter, units: ctx.scope, after, limit: PAGE_SIZE }, now);
    const facets = facetsFor(ctx);
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries({ unit: filter.unit, system: filter.system, check: filter.checkId })) if (v) params.set(k, v);
    for (const s of severity) params.append('severity', s);
    for (const s of status) params.append('status', s);
    if (filter.overdue) params.set('overdue', '1');
    const base = params.toString();
    return parts.page(req, reply, 'findings', {
      title: text('findings', req.lang),
      nav: 'findings',
      filter: { ...filter, severity, status },
      severities: SEVERITIES,
      statuses: STATUSES,
      manualStatuses: MANUAL_STATUSES,
      facets,
      findings: page.findings,
      nextUrl: page.next !== null ? `/findings?${base ? `${base}&` : ''}after=${page.next}` : null,
      firstUrl: after !== undefined ? `/findings${base ? `?${base}` : ''}` : null,
      returnTo: req.url,
      canAccept: canAccept(ctx),
    });
  });

  // Filter menus change only with the tracker: cached per scope and tracker version.
  const facetCache = new Map<string, ReturnType<typeof store.facets>>();
  let facetVersion = '';
  function facetsFor(ctx: PageContext) {
    const v = store.version();
    if (v !== facetVersion) (facetCache.clear(), (facetVersion = v));
    const key = JSON.stringify(ctx.scope ?? null);
    let f = facetCache.get(key);
    if (!f) {
      if (facetCache.size > 200) facetCache.clear();
      f = inertOnce(store.facets(ctx.scope));
      facetCache.set(key, f);
    }
    return f;
  }

  /** The finding if it exists and the user may see it; otherwise a 404 page (no hint that it exists). */
  async function findingOr404(req: FastifyRequest, reply: FastifyReply) {
    const id = parseFindingId((req.params as { id: string }).id);
    const unit = id === null ? undefined : store.unitsOf([id]).get(id);
    if (id === null || unit === undefined || !parts.canSee(req.attt!, unit)) {
      await parts.refuse(req, reply, 404, 'notFound');
      return null;
    }
    return id;
  }

  app.get('/findings/:id', async (req, reply) => {
    const id = await findingOr404(req, reply);
    if (id === null) return reply;
    const ctx = req.attt!;
    const f = store.finding(id, config.now())!;
    return parts.page(req, reply, 'finding', {
      title: `${f.id} — ${f.checkId}`,
      nav: 'findings',
      f,
      evidence: JSON.stringify(f.evidence, null, 2),
      history: [...f.history].reverse(),
      manualStatuses: MANUAL_STATUSES,
      canAccept: canAccept(ctx),
      minDate: localDate(config.now()),
    });
  });

  app.post('/findings/:id/update', { preHandler: app.csrfProtection }, async (req, reply) => {
    const id = await findingOr404(req, reply);
    if (id === null) return reply;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const opts = changeOptions(b);
    if (!opts) return parts.refuse(req, reply, 400, 'badRequest');
    store.update([id], { ...opts, actor: req.attt!.user.name, now: config.now() });
    req.session.flash = text('saved', req.lang);
    return reply.redirect(`/findings/${id}`, 303);
  });

  app.post('/findings/:id/accept', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = req.attt!;
    if (!canAccept(ctx)) return parts.refuse(req, reply, 403, 'acceptOnlyHeads');
    const id = await findingOr404(req, reply);
    if (id === null) return reply;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const until = typeof b.until === 'string' ? b.until : '';
    const reason = typeof b.reason === 'string' ? b.reason.slice(0, 2000) : '';
    store.accept(id, { until, reason, approver: ctx.user.name, actor: ctx.user.name, now: config.now() });
    req.session.flash = text('saved', req.lang);
    return reply.redirect(`/findings/${id}`, 303);
  });

  app.post('/findings/bulk', { preHandler: app.csrfProtection }, async (req, reply) => {
    const ctx = req.attt!;
    const b = (req.body ?? {}) as Record<string, unknown>;
    const raw = Array.isArray(b.ids) ? b.ids : b.ids === undefined ? [] : [b.ids];
    const ids = [...new Set(raw.map((x) => parseFindingId(String(x))).filter((x): x is number => x !== null))];
    if (!ids.length || ids.length > MAX_BULK) return parts.refuse(req, reply, 400, 'badRequest');
    const units = store.unitsOf(ids);
    // One finding outside the user's units (or unknown) refuses the whole request.
    if (ids.some((id) => !units.has(id) || !parts.canSee(ctx, units.get(id)!))) return parts.refuse(req, reply, 403, 'forbidden');
    const opts = changeOptions(b);
    if (!opts) return parts.refuse(req, reply, 400, 'badRequest');
    store.update(ids, { ...opts, actor: ctx.user.name, now: config.now() });
    req.session.flash = `${text('saved', req.lang)} (${ids.length})`;
    const back = typeof b.returnTo === 'string' && /^\/findings(\?[\x21-\x7e]*)?$/.test(b.returnTo) ? b.returnTo : '/findings';
    return reply.redirect(back, 303);
  });
}

/** Status, owner, due date and note from a form; null when nothing valid was asked for. */
function changeOptions(b: Record<string, unknown>): { status?: (typeof MANUAL_STATUSES)[number]; owner?: string; due?: string; note?: string } | null {
  const out: { status?: (typeof MANUAL_STATUSES)[number]; owner?: string; due?: string; note?: string } = {};
  if (typeof b.status === 'string' && b.status) {
    if (!(MANUAL_STATUSES as readonly string[]).includes(b.status)) return null;
    out.status = b.status as (typeof MANUAL_STATUSES)[number];
  }
  if (typeof b.owner === 'string' && b.owner.trim()) out.owner = b.owner.trim().slice(0, 200);
  if (typeof b.due === 'string' && b.due.trim()) out.due = b.due.trim();
  if (typeof b.note === 'string' && b.note.trim()) out.note = b.note.trim().slice(0, 4000);
  return Object.keys(out).length ? out : null;
}
