import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The shared database package ships TypeScript sources.
  transpilePackages: ["@todo/db"],
  // PGlite loads its WebAssembly and data files from its own package folder,
  // and pg has optional native bindings: both must stay plain Node requires.
  serverExternalPackages: ["@electric-sql/pglite", "pg"],
  poweredByHeader: false,
  reactStrictMode: true,
  async headers() {
    return [
      {
        source: "/:path*",
        headers: [
          { key: "X-Content-Type-Options", value: "nosniff" },
          { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
          { key: "X-Frame-Options", value: "DENY" },
        ],
      },
    ];
  },
};

export default nextConfig;
