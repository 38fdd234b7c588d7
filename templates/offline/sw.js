{% autoescape off %}// The service worker of hjemmepaed (hjemmepaed/offline.py says why one of our own).
// It keeps two caches and nothing else:
// - the app shell: the design system, our CSS, scripts, fonts and icons (no personal data);
// - the pages the server lists for the home educator's running courses (offline_pages): the
//   offline page and each course's visit form, which hold the goals and methods to choose
//   from and never a CPR number or an earlier visit's note.
// Pages are fetched from the network first; only when that fails is a kept page shown.
// Everything is deleted on logout, at an expired session, and when offline use is off
// (static/js/offline.js; docs/security.md, "A lost phone").
"use strict";
const VERSION = "{{ version }}";
const SHELL_CACHE = "hjemmepaed-shell-" + VERSION;
const PAGES_CACHE = "hjemmepaed-pages";
const SHELL = {{ shell }};
const OFFLINE_PAGE = {{ offline_page }};
const PAGES_LIST = {{ pages_list }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL_CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(
        names.filter((name) => name.startsWith("hjemmepaed-shell-") && name !== SHELL_CACHE).map((name) => caches.delete(name))
      ))
      .then(() => self.clients.claim())
  );
});

const staticFile = (request, url) => caches.open(SHELL_CACHE).then((cache) =>
  cache.match(request).then((kept) => kept || fetch(request).then((response) => {
    if (response.ok) { cache.put(request, response.clone()); }
    return response;
  }))
);

// A kept page older than the longest session is of no use (a visit typed into it could not be
// sent any more) and is deleted instead of shown.
const MAX_AGE_MS = {{ max_age_ms }};
const fresh = async (cache, path) => {
  const kept = await cache.match(path);
  if (!kept) { return null; }
  if (Date.now() - Number(kept.headers.get("X-Kept-At") || 0) <= MAX_AGE_MS) { return kept; }
  await cache.delete(path);
  return null;
};
const REFETCH_AFTER_MS = 10 * 60 * 1000;
const stamped = async (response) => {
  const headers = new Headers(response.headers);
  headers.set("X-Kept-At", String(Date.now()));
  return new Response(await response.blob(), {status: response.status, statusText: response.statusText, headers});
};

const page = (request, url) => fetch(request).catch(async () => {
  const cache = await caches.open(PAGES_CACHE);
  return (await fresh(cache, url.pathname)) || (await fresh(cache, OFFLINE_PAGE)) || Response.error();
});

// A visit form sent when the phone believes it is online, but the post does not get through
// (a connection that does not carry): the visit goes into offline.js' queue, with the form's
// own key, so that if the post did reach the server the resend is taken as the same visit.
const DB = "hjemmepaed-offline";
const VISIT_FORM = /^\/forloeb\/(\d+)\/besoeg\/ny\/$/;
const database = () => new Promise((resolve, reject) => {
  const request = indexedDB.open(DB, 1);
  request.onupgradeneeded = () => request.result.createObjectStore("visits", {keyPath: "key"});
  request.onsuccess = () => resolve(request.result);
  request.onerror = () => reject(request.error);
});
const keepVisit = async (data, url) => {
  const db = await database();
  const fields = [];
  for (const [name, value] of data) {
    if (name !== "csrfmiddlewaretoken" && name !== "form_key") { fields.push([name, String(value)]); }
  }
  await new Promise((resolve, reject) => {
    const transaction = db.transaction("visits", "readwrite");
    const store = transaction.objectStore("visits");
    const key = String(data.get("form_key") || "");
    const taken = store.get(key);
    taken.onsuccess = () => store.put({
      key: key && !taken.result ? key : crypto.randomUUID(),
      url: url.pathname,
      course: VISIT_FORM.exec(url.pathname)[1],
      date: String(data.get("date") || ""),
      fields: fields,
      status: "waiting",
      errors: [],
      savedAt: new Date().toISOString(),
    });
    transaction.oncomplete = resolve;
    transaction.onerror = () => reject(transaction.error);
  });
  db.close();
};
const postOrKeep = async (request, url) => {
  const copy = request.clone();
  try {
    return await fetch(request);
  } catch (error) {
    await keepVisit(await copy.formData(), url);
    return Response.redirect(url.pathname + "#gemt-paa-telefonen", 303);
  }
};

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.method === "POST" && request.mode === "navigate" && VISIT_FORM.test(url.pathname)) {
    event.respondWith(postOrKeep(request, url));
    return;
  }
  if (request.method !== "GET") { return; }
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(request, url));
  } else if (request.mode === "navigate") {
    event.respondWith(page(request, url));
  }
});

// The pages of the educator's running courses, fetched anew: a closed or transferred course's
// form is dropped. A list that does not come (logged out, offline use off) empties the cache.
const refresh = async () => {
  const cache = await caches.open(PAGES_CACHE);
  let pages = [];
  try {
    const response = await fetch(PAGES_LIST, {credentials: "same-origin", cache: "no-store"});
    if (response.ok && !response.redirected) { pages = (await response.json()).pages; }
  } catch (error) {
    return;  // no connection: keep what there is
  }
  for (const path of pages) {
    // Fetched in the last minutes: kept as it is (each fetch of a form is an audit event).
    const kept = await cache.match(path);
    if (kept && Date.now() - Number(kept.headers.get("X-Kept-At") || 0) < REFETCH_AFTER_MS) { continue; }
    try {
      const response = await fetch(path, {credentials: "same-origin", cache: "no-store"});
      if (response.ok && !response.redirected) { await cache.put(path, await stamped(response)); }
    } catch (error) {
      return;
    }
  }
  for (const request of await cache.keys()) {
    if (!pages.includes(new URL(request.url).pathname)) { await cache.delete(request); }
  }
};

const wipe = async () => {
  for (const name of await caches.keys()) {
    if (name.startsWith("hjemmepaed-")) { await caches.delete(name); }
  }
};

self.addEventListener("message", (event) => {
  const done = (work) => event.waitUntil(work.then(() => event.ports[0] && event.ports[0].postMessage("done")));
  if (event.data === "refresh") { done(refresh()); }
  if (event.data === "wipe") { done(wipe()); }
});
{% endautoescape %}
