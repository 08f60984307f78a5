import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySession from '@fastify/session';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Lang } from '../i18n.js';
import type { Inventory } from '../inventory/index.js';
import { packagePath } from '../paths.js';
import { seesAllUnits, type UserRecord } from '../tracker/index.js';
import { registerAuth } from './auth.js';
import { registerFindingRoutes } from './routes/findings.js';
import { registerOverviewRoutes } from './routes/overview.js';
import { registerQuestionnaireRoutes } from './routes/questionnaires.js';
import { registerReportRoutes } from './routes/reports.js';
import type { ResultsFiles } from './results-files.js';
import { safeLocalPath, securityHeaders } from './security.js';
import { ExpiringSessionStore } from './sessions.js';
import type { WebStore } from './store.js';
import { text } from './texts.js';
import { createRenderer, type Render } from './views.js';

export interface ServeConfig {
  store: WebStore;
  /** The inventory (units, systems, levels, questionnaires); optional. */
  inventory?: Inventory;
  /** answers/<unit>/<questionnaire>.yaml live here (the same files as `attt questionnaire fill`). */
  answersDir?: string;
  /** Finds the results.json of an imported cycle again (by name and SHA-256). */
  resultsFiles: ResultsFiles;
  /** Built reports are written here. */
  reportsDir: string;
  /** Serving HTTPS (adds HSTS and Secure cookies). */
  tls: boolean;
  /** A session unused this long ends. */
  sessionIdleMs: number;
  /** A session ends this long after login, used or not. */
  sessionMaxMs: number;
  /** Failed-login budget per client address and account name. */
  loginLimit: { max: number; windowMs: number };
  /** The clock (ATTT_NOW replays a date). */
  now: () => Date;
  /** Environment for report PDF rendering (ATTT_CHROMIUM). */
  env: NodeJS.ProcessEnv;
}

export interface PageContext {
  user: UserRecord;
  lang: Lang;
  /** Units the user may see; undefined = all units. */
  scope: readonly string[] | undefined;
}

declare module 'fastify' {
  interface FastifyRequest {
    attt: PageContext | null;
    lang: Lang;
  }
  interface Session {
    user?: string;
    loginAt?: number;
    lastSeen?: number;
    flash?: string;
  }
}

export interface AppParts {
  app: FastifyInstance;
  config: ServeConfig;
  render: Render;
  /** Send a full page: adds user, CSRF token, language and the flash message to the data. */
  page(req: FastifyRequest, reply: FastifyReply, name: string, data: Record<string, unknown>, status?: number): Promise<FastifyReply>;
  /** Refuse with a page (403/404/400) in the user's language. */
  refuse(req: FastifyRequest, reply: FastifyReply, status: number, key: string, detail?: string): Promise<FastifyReply>;
  /** Whether the current user may see this unit. */
  canSee(ctx: PageContext, unit: string): boolean;
}

export async function createApp(config: ServeConfig, https?: { cert: Buffer; key: Buffer }): Promise<AppParts> {
  const app = Fastify({
    logger: false,
    bodyLimit: 1024 * 1024,
    trustProxy: false,
    ...(https ? { https: { cert: https.cert, key: https.key, minVersion: 'TLSv1.2' as const } } : {}),
  });
  const render = createRenderer();
  const sessions = new ExpiringSessionStore(config.sessionIdleMs);
  app.addHook('onClose', async () => sessions.close());

  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: randomBytes(32).toString('base64url'),
    cookieName: config.tls ? '__Host-attt_session' : 'attt_session',
    cookie: { httpOnly: true, sameSite: 'strict', secure: config.tls, path: '/', maxAge: config.sessionIdleMs },
    store: sessions,
    saveUninitialized: false,
    rolling: true,
  });
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });
  await app.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
  await app.register(fastifyMultipart, { attachFieldsToBody: 'keyValues', limits: { fileSize: 50 * 1024 * 1024, files: 3, fields: 10, fieldSize: 4096 } });
  await app.register(fastifyRateLimit, { global: false });
  app.addHook('onSend', securityHeaders(config.tls));
  app.removeContentTypeParser('application/json');

  const css = fs.readFileSync(packagePath('templates', 'web', 'app.css'));
  app.get('/app.css', async (_req, reply) => reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(css));

  app.decorateRequest('attt', null);
  app.decorateRequest('lang', 'vi');
  app.addHook('onRequest', async (req) => {
    const cookieLang = req.cookies.attt_lang;
    req.lang = cookieLang === 'en' ? 'en' : 'vi';
  });
  // The language switch: a cookie, then back to the page it was chosen on.
  app.get('/lang/:lang', async (req, reply) => {
    const lang = (req.params as { lang: string }).lang === 'en' ? 'en' : 'vi';
    reply.setCookie('attt_lang', lang, { path: '/', httpOnly: true, sameSite: 'strict', secure: config.tls, maxAge: 365 * 86400 });
    return reply.redirect(safeLocalPath((req.query as { next?: string }).next), 303);
  });

  const parts: AppParts = {
    app,
    config,
    render,
    async page(req, reply, name, data, status = 200) {
      const flash = req.session.flash;
      if (flash) req.session.flash = undefined;
      const ctx = req.attt;
      const csrf = await reply.generateCsrf();
      const html = render(name, {
        ...data,
        csrf,
        flash,
        path: encodeURIComponent(req.url),
        user: ctx ? { name: ctx.user.name, role: text(`role_${ctx.user.role}`, req.lang), units: ctx.user.units.join(', ') } : null,
        otherLang: req.lang === 'vi' ? 'en' : 'vi',
      }, req.lang);
      return reply.code(status).type('text/html; charset=utf-8').send(html);
    },
    async refuse(req, reply, status, key, detail) {
      return parts.page(req, reply, 'error', { title: text(key, req.lang), detail }, status);
    },
    canSee(ctx, unit) {
      return ctx.scope === undefined || ctx.scope.includes(unit);
    },
  };

  app.setErrorHandler(async (error: Error & { statusCode?: number; code?: string }, req, reply) => {
    if (error.code === 'FST_CSRF_INVALID_TOKEN' || error.code === 'FST_CSRF_MISSING_SECRET') return parts.refuse(req, reply, 403, 'csrfRefused');
    if (error.statusCode === 429) return parts.refuse(req, reply, 429, 'tooMany');
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) return parts.refuse(req, reply, error.statusCode, 'badRequest');
    const toolkit = error as Error & { text?: { vi: string; en: string } };
    if (toolkit.text && typeof toolkit.text.vi === 'string') return parts.refuse(req, reply, 400, 'badRequest', toolkit.text[req.lang]);
    req.log.error(error);
    return reply.code(500).type('text/plain; charset=utf-8').send('500');
  });
  app.setNotFoundHandler(async (req, reply) => parts.refuse(req, reply, 404, 'notFound'));

  registerAuth(parts);
  registerOverviewRoutes(parts);
  registerFindingRoutes(parts);
  registerReportRoutes(parts);
  registerQuestionnaireRoutes(parts);
  return parts;
}

/** Units the user may see; undefined for roles that see every unit. */
export function scopeOf(user: UserRecord): readonly string[] | undefined {
  return seesAllUnits(user.role) ? undefined : user.units;
}
