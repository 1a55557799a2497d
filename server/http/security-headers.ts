import type { Middleware } from 'koa';

/**
 * Pages run only their own scripts (no inline code, no CDN) and cannot be framed, so the login page cannot
 * be overlaid by a phishing site (clickjacking); nothing is sniffed, cached or leaked through Referer (T2).
 */
const contentSecurityPolicy = (styleSource: string) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    `style-src ${styleSource}`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
const CONTENT_SECURITY_POLICY = contentSecurityPolicy("'self'");
/**
 * For a route that sets `ctx.state.inlineStyles` (/reference): Redoc, through styled-components, writes its styles
 * into <style> elements. Scripts stay this origin's files only.
 */
const WITH_INLINE_STYLES = contentSecurityPolicy("'self' 'unsafe-inline'");

export function securityHeaders(): Middleware {
  return async (ctx, next) => {
    await next();
    ctx.set('Content-Security-Policy', ctx.state.inlineStyles === true ? WITH_INLINE_STYLES : CONTENT_SECURITY_POLICY);
    ctx.set('X-Frame-Options', 'DENY');
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Referrer-Policy', 'no-referrer');
    if (ctx.path.startsWith('/api/')) ctx.set('Cache-Control', 'no-store');
  };
}
