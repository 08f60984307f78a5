import type { FastifyReply, FastifyRequest } from 'fastify';
import { scopeOf, type AppParts } from './app.js';
import { verifyPassword } from './passwords.js';
import { safeLocalPath } from './security.js';
import { text } from './texts.js';

const PUBLIC_PATHS = new Set(['/login', '/app.css']);

/** Login, logout, and the hook that puts the signed-in user (or a redirect to /login) on every request. */
export function registerAuth(parts: AppParts): void {
  const { app, config, store } = { ...parts, store: parts.config.store };

  app.addHook('preHandler', async (req: FastifyRequest, reply: FastifyReply) => {
    const url = req.url.split('?', 1)[0];
    if (PUBLIC_PATHS.has(url) || url.startsWith('/lang/')) return;
    const name = req.session.user;
    // Both limits on the server's clock (ATTT_NOW in demonstrations and tests); the session
    // store also forgets a session idle for longer, in real time.
    const now = config.now().getTime();
    const { loginAt, lastSeen } = req.session;
    const expired = name !== undefined && (loginAt === undefined || lastSeen === undefined || now - loginAt > config.sessionMaxMs || now - lastSeen > config.sessionIdleMs);
    const user = name !== undefined && !expired ? store.user(name) : undefined;
    if (!user) {
      if (name !== undefined) {
        await req.session.regenerate();
        req.session.flash = text('sessionEnded', req.lang);
      }
      if (req.method !== 'GET') return parts.refuse(req, reply, 401, 'sessionEnded');
      return reply.redirect(`/login?next=${encodeURIComponent(req.url)}`, 303);
    }
    req.session.lastSeen = now;
    req.attt = { user, lang: req.lang, scope: scopeOf(user) };
  });

  app.get('/login', async (req, reply) => {
    const next = safeLocalPath((req.query as { next?: string }).next);
    if (req.session.user && store.user(req.session.user)) return reply.redirect(next, 303);
    return parts.page(req, reply, 'login', { title: text('loginTitle', req.lang), next });
  });

  app.post('/login', {
    preHandler: app.csrfProtection,
    config: {
      rateLimit: {
        max: config.loginLimit.max,
        timeWindow: config.loginLimit.windowMs,
        hook: 'preHandler',
        // Per client address and account: one guesser cannot lock everyone else out.
        keyGenerator: (req: FastifyRequest) => `${req.ip}\u0000${String((req.body as { name?: unknown } | undefined)?.name ?? '').toLowerCase().slice(0, 64)}`,
      },
    },
  }, async (req, reply) => {
    const body = (req.body ?? {}) as { name?: unknown; password?: unknown; next?: unknown };
    const name = typeof body.name === 'string' ? body.name.trim().slice(0, 64) : '';
    const password = typeof body.password === 'string' ? body.password : '';
    const user = name ? store.user(name) : undefined;
    const ok = await verifyPassword(user?.passwordHash, password);
    const next = safeLocalPath(body.next);
    if (!ok || !user) {
      return parts.page(req, reply, 'login', { title: text('loginTitle', req.lang), next, error: text('loginFailed', req.lang), name }, 401);
    }
    // A fresh session id at login: a session id planted before login is worth nothing.
    await req.session.regenerate();
    req.session.user = user.name;
    req.session.loginAt = config.now().getTime();
    req.session.lastSeen = req.session.loginAt;
    return reply.redirect(next, 303);
  });

  app.post('/logout', { preHandler: app.csrfProtection }, async (req, reply) => {
    await req.session.destroy();
    reply.clearCookie(config.tls ? '__Host-attt_session' : 'attt_session', { path: '/' });
    return reply.redirect('/login?bye=1', 303);
  });
}
