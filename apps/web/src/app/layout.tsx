import type { Metadata, Viewport } from "next";
import { cookies } from "next/headers";
import type { ReactNode } from "react";
import { ServiceWorker } from "@/components/service-worker";
import { getEnv } from "@/env";
import { THEME_COOKIE, themeFromCookie } from "@/lib/theme";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Todo", template: "%s · Todo" },
  description: "Your own task list.",
  // The manifest comes from app/manifest.ts; the icons are drawn by scripts/make-icons.mjs.
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "16x16 32x32 48x48" },
      { url: "/icons/icon.svg", type: "image/svg+xml" },
    ],
    apple: "/icons/apple-touch-icon.png",
  },
};

export const viewport: Viewport = {
  colorScheme: "light dark",
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f7f7f8" },
    { media: "(prefers-color-scheme: dark)", color: "#131417" },
  ],
};

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Reading the request's cookies renders every page per request, never at
  // build time: the API's address is a run-time setting (handed to the
  // browser's API client via data-api-url), and each response's scripts
  // carry that response's CSP nonce.
  const theme = themeFromCookie((await cookies()).get(THEME_COOKIE)?.value);
  const { API_URL } = getEnv();
  return (
    <html lang="en" data-api-url={API_URL} data-theme={theme === "system" ? undefined : theme}>
      <body>
        <a className="skip-link" href="#main">
          Skip to content
        </a>
        {children}
        <ServiceWorker />
      </body>
    </html>
  );
}
