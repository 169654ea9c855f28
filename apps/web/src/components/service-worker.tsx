"use client";

import { useEffect } from "react";

/**
 * Registers the app's one service worker (public/sw.js), once the page has
 * loaded so it never competes with the page for the network, and hands it
 * the build files this page already loaded, so the very first visit can be
 * reopened offline.
 */
export function ServiceWorker() {
  useEffect(() => {
    if (!("serviceWorker" in navigator)) return;
    const register = () => {
      navigator.serviceWorker
        .register("/sw.js", { scope: "/" })
        .then(() => navigator.serviceWorker.ready)
        .then((registration) => {
          const urls = performance
            .getEntriesByType("resource")
            .map((entry) => entry.name)
            .filter((name) => name.startsWith(`${location.origin}/_next/static/`));
          registration.active?.postMessage({ type: "cache-static", urls });
        })
        .catch(() => {
          // No worker (private mode, an old browser): the app works as before, without the offline shell.
        });
    };
    if (document.readyState === "complete") register();
    else {
      window.addEventListener("load", register, { once: true });
      return () => window.removeEventListener("load", register);
    }
  }, []);
  return null;
}
