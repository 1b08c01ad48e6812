import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply } from 'fastify';
import { defaultPolicyForPlugin, publicAccess } from './policy.ts';
import type { TypedApp } from './types.ts';

/**
 * Serves the built React app. Hashed assets are cached for a year; index.html is
 * never cached so that a deploy is picked up at once. Returns the SPA fallback.
 */
export async function registerWebApp(
  app: TypedApp,
  distDir: string,
): Promise<((reply: FastifyReply) => FastifyReply) | null> {
  if (!existsSync(path.join(distDir, 'index.html'))) {
    app.log.warn({ distDir }, 'web app not built: run "npm run web:build"; serving the API only');
    return null;
  }
  await app.register(async (web) => {
    defaultPolicyForPlugin(web, publicAccess('static web application files'));
    await web.register(fastifyStatic, {
      root: distDir,
      wildcard: false,
      index: false,
      setHeaders: (res, filePath) => {
        res.header(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache',
        );
      },
    });
  });
  // Read once: the SPA fallback is answered by the root not-found handler, outside the static plugin's context.
  const indexHtml = readFileSync(path.join(distDir, 'index.html'), 'utf8');
  return (reply) => reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(indexHtml);
}
