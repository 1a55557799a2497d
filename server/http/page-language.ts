import type { Context } from 'koa';

/**
 * The language tag of `tags` the browser asks for first (Accept-Language; a language alone matches its regional
 * tag: `zh` gets `zh-CN`), else the first tag; the answer says which, and that it varies by the header.
 */
export function negotiatePageLanguage(ctx: Context, tags: readonly string[]): string {
  const lang = ctx.acceptsLanguages([...tags]) || tags[0]!;
  ctx.set('Vary', 'Accept-Language');
  ctx.set('Content-Language', lang);
  return lang;
}
