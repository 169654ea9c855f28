// The app's one service worker (registered by components/service-worker.tsx).
// It does two things:
//
// 1. The offline shell. Pages are network-first: a page that loads is kept,
//    and shown again when the network is gone, so a reload in a tunnel still
//    opens the planner (the task writes themselves wait in the page's
//    IndexedDB outbox, not here). The build's files under /_next/static/ never
//    change under one name, so they are cache-first. Nothing from the task
//    API (another origin) is touched: its answers are the user's data and
//    belong to the page, with its token.
//    A kept page carries the user's name, so signing out (which lands on
//    /sign-in) empties the page cache.
// 2. Reminders by Web Push: shows the notification the API pushed (SPEC §9),
//    and a click on it focuses (or opens) the app.
const PAGES = "todo-pages-v1";
const STATIC = "todo-static-v1";
const CACHES = [PAGES, STATIC];
const SHELL = ["/manifest.webmanifest", "/icons/icon-192.png", "/favicon.ico"];
/** Pages kept for offline use: the planner's. */
const KEPT_PAGES = /^\/(tasks|today|upcoming|lists\/[^/]+)\/?$/;
const SIGNED_OUT_PAGES = /^\/(sign-in|sign-up)\/?$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(STATIC)
      .then((cache) => cache.addAll(SHELL))
      .catch(() => {})
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => !CACHES.includes(name)).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  const data = event.data;
  // The page lists the build files it loaded before this worker took over, so the first visit works offline too.
  if (data && data.type === "cache-static" && Array.isArray(data.urls)) {
    const urls = data.urls.filter(
      (url) =>
        typeof url === "string" && new URL(url, self.location.origin).pathname.startsWith("/_next/static/"),
    );
    event.waitUntil(
      caches
        .open(STATIC)
        .then((cache) =>
          Promise.all(
            urls.map((url) =>
              cache.match(url).then((hit) => (hit ? undefined : cache.add(url).catch(() => undefined))),
            ),
          ),
        ),
    );
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate") {
    event.respondWith(navigate(request, url));
    return;
  }
  if (
    url.pathname.startsWith("/_next/static/") ||
    SHELL.includes(url.pathname) ||
    url.pathname.startsWith("/icons/")
  ) {
    event.respondWith(cacheFirst(request));
  }
});

async function navigate(request, url) {
  const pages = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    const landed = new URL(response.url || request.url);
    if (SIGNED_OUT_PAGES.test(landed.pathname)) await caches.delete(PAGES);
    else if (response.ok && !response.redirected && KEPT_PAGES.test(url.pathname))
      await pages.put(url.pathname, response.clone());
    return response;
  } catch (error) {
    const kept = (await pages.match(url.pathname)) || (await pages.match("/tasks"));
    if (kept) return kept;
    throw error;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(STATIC);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("push", (event) => {
  let payload = {};
  try {
    payload = event.data ? event.data.json() : {};
  } catch {
    payload = { title: event.data ? event.data.text() : "" };
  }
  const title = typeof payload.title === "string" && payload.title ? payload.title : "Reminder";
  const options = {
    body: typeof payload.dueAt === "string" ? `Due ${new Date(payload.dueAt).toLocaleString()}` : "Reminder",
    // The same tag as the page's own notice: one reminder shows once, however many ways it arrived.
    tag: `reminder:${payload.taskId}:${payload.remindAt}`,
    icon: "/icons/icon-192.png",
    badge: "/icons/icon-192.png",
    data: { url: "/today" },
  };
  event.waitUntil(self.registration.showNotification(title, options));
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = new URL(event.notification.data?.url || "/today", self.location.origin);
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      const open = windows.find((client) => new URL(client.url).origin === target.origin);
      if (open) return open.focus();
      return self.clients.openWindow(target.href);
    }),
  );
});
