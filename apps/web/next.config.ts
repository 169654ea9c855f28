import type { NextConfig } from "next";
import { STATIC_SECURITY_HEADERS } from "./src/lib/security-headers";

const nextConfig: NextConfig = {
  // The shared packages ship TypeScript sources.
  transpilePackages: ["@todo/config", "@todo/contract", "@todo/db", "@todo/recurrence", "@todo/quick-add"],
  // PGlite loads its WebAssembly and data files from its own package folder,
  // and pg has optional native bindings: both must stay plain Node requires.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    // Every other response gets these, plus its CSP, from src/proxy.ts; the
    // proxy skips the build's immutable files, so they are set here.
    const headers = Object.entries(STATIC_SECURITY_HEADERS).map(([key, value]) => ({ key, value }));
    return [
      { source: "/_next/static/:path*", headers },
      { source: "/_next/image", headers },
      { source: "/favicon.ico", headers },
    ];
  },
};

export default nextConfig;
