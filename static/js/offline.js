// Logging visits without a connection (hjemmepaed/offline.py; docs/security.md, "A lost phone").
//
// - A home educator whose municipality allows it gets the service worker (/sw.js); on Mine
//   forløb it asks the worker to keep her running courses' visit forms anew. Everyone else,
//   and every page when it is switched off, unregisters the worker and deletes its caches.
// - A visit form sent without a connection is kept in IndexedDB with a one-time form key of
//   its own and sent when the connection is back; the server stores a key once
//   (hjemmepaed/formkeys.py), so a resend after a lost answer never stores the visit twice.
//   What the server's form refuses (a course closed meanwhile, a date outside the course) is
//   shown with what was typed, to fix or discard. A form sent while the phone believes it is
//   online but the post fails is kept by the service worker in the same store (sw.js).
// - Logging out warns about visits not sent and deletes the queue and the caches; a page
//   shown after the session ended (the login page) deletes them too.
(function () {
  "use strict";
  var DB = "hjemmepaed-offline";
  var STORE = "visits";
  var body = document.body;
  var panel = document.getElementById("offline-queue");
  var textsNode = document.getElementById("offline-texts");
  var texts = textsNode ? JSON.parse(textsNode.textContent) : {};
  var signedIn = body.dataset.signedIn === "1";
  var enabled = body.dataset.offline === "on";
  var queue = [];
  var notice = null;

  var say = function (template, values) {
    return (template || "").replace(/\{(\w+)\}/g, function (match, name) {
      return name in values ? String(values[name]) : match;
    });
  };

  // IndexedDB, one store of visits keyed by their form key.
  var open = function () {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE, {keyPath: "key"}); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  };
  var transact = function (mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = work(transaction.objectStore(STORE));
        transaction.oncomplete = function () { db.close(); resolve(request.result); };
        transaction.onerror = function () { db.close(); reject(transaction.error); };
      });
    });
  };
  var exists = function () {
    if (!window.indexedDB) { return Promise.resolve(false); }
    if (!indexedDB.databases) { return Promise.resolve(true); }
    return indexedDB.databases().then(function (list) {
      return list.some(function (entry) { return entry.name === DB; });
    });
  };
  var load = function () {
    return exists().then(function (there) {
      return there ? transact("readonly", function (store) { return store.getAll(); }) : [];
    }).then(function (items) {
      queue = items.sort(function (a, b) { return a.savedAt < b.savedAt ? -1 : 1; });
      return queue;
    });
  };
  var put = function (item) { return transact("readwrite", function (store) { return store.put(item); }).then(load); };
  var remove = function (key) { return transact("readwrite", function (store) { return store.delete(key); }).then(load); };

  var wipeCaches = function () {
    var work = [];
    if (navigator.serviceWorker) {
      work.push(navigator.serviceWorker.getRegistrations().then(function (registrations) {
        return Promise.all(registrations.map(function (registration) { return registration.unregister(); }));
      }));
    }
    if (window.caches) {
      work.push(caches.keys().then(function (names) {
        return Promise.all(names.filter(function (name) { return name.indexOf("hjemmepaed-") === 0; })
          .map(function (name) { return caches.delete(name); }));
      }));
    }
    return Promise.all(work);
  };
  var wipeAll = function () {
    queue = [];
    return wipeCaches().then(function () {
      return new Promise(function (resolve) {
        var request = indexedDB.deleteDatabase(DB);
        request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
      });
    });
  };

  // The panel above the page's content: the count waiting, each refused visit.
  var SVG = "http://www.w3.org/2000/svg";
  var alert = function (kind, role) {
    var box = document.createElement("div");
    box.className = "alert alert-" + kind + " mb-5";
    if (role) { box.setAttribute("role", role); }
    var icon = document.createElementNS(SVG, "svg");
    icon.setAttribute("class", "icon-svg alert-icon");
    icon.setAttribute("focusable", "false");
    icon.setAttribute("aria-hidden", "true");
    var use = document.createElementNS(SVG, "use");
    use.setAttribute("href", body.dataset.icons + "#" + kind);
    icon.appendChild(use);
    box.appendChild(icon);
    var content = document.createElement("div");
    content.className = "alert-body";
    box.appendChild(content);
    panel.appendChild(box);
    return content;
  };
  var paragraph = function (parent, text, className) {
    var element = document.createElement("p");
    element.className = className || "alert-text";
    element.textContent = text;
    parent.appendChild(element);
    return element;
  };
  var conflict = function (item) {
    var content = alert("warning");
    var heading = paragraph(content, say(texts.conflict, {date: item.date || "", course: item.course || ""}), "alert-heading");
    heading.id = "offline-conflict-" + item.key;
    var errors = document.createElement("ul");
    errors.className = "alert-text";
    item.errors.forEach(function (error) {
      var line = document.createElement("li");
      line.textContent = error;
      errors.appendChild(line);
    });
    content.appendChild(errors);
    var summary = item.fields.filter(function (pair) { return texts.labels[pair[0]] && pair[1].trim(); });
    if (summary.length) {
      paragraph(content, texts.typed, "alert-text mb-0 bold");
      var typed = document.createElement("dl");
      typed.className = "alert-text";
      summary.forEach(function (pair) {
        var term = document.createElement("dt");
        term.textContent = texts.labels[pair[0]];
        var value = document.createElement("dd");
        value.textContent = pair[1];
        typed.appendChild(term);
        typed.appendChild(value);
      });
      content.appendChild(typed);
    }
    var buttons = document.createElement("div");
    buttons.className = "button-group mt-4";
    var fix = document.createElement("a");
    fix.className = "button button-secondary";
    fix.href = item.url + "#koe-" + item.key;
    fix.textContent = texts.fix;
    fix.setAttribute("aria-describedby", heading.id);
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button button-tertiary";
    discard.textContent = texts.discard;
    discard.setAttribute("aria-describedby", heading.id);
    discard.addEventListener("click", function () {
      if (window.confirm(texts.discardConfirm)) { remove(item.key).then(function () { render(); }); }
    });
    buttons.appendChild(fix);
    buttons.appendChild(discard);
    content.appendChild(buttons);
  };
  var render = function () {
    if (!panel) { return; }
    panel.replaceChildren();
    if (notice) { paragraph(alert(notice.kind, notice.kind === "warning" ? "alert" : "status"), notice.text); }
    var waiting = queue.filter(function (item) { return item.status === "waiting"; });
    if (waiting.length) {
      var count = say(waiting.length === 1 ? texts.waitingOne : texts.waitingMany, {n: waiting.length});
      paragraph(alert("info", "status"), count).id = "offline-waiting";
    }
    queue.filter(function (item) { return item.status === "conflict"; }).forEach(conflict);
    panel.hidden = panel.children.length === 0;
  };
  var tell = function (kind, text) {
    notice = text ? {kind: kind, text: text} : null;
    render();
  };

  // Sending what waits, one at a time, with the page's own CSRF token and each visit's key.
  var flushing = false;
  var again = false;  // asked for while sending (the connection came back meanwhile)
  var errorsOf = function (html) {
    var page = new DOMParser().parseFromString(html, "text/html");
    var lines = Array.prototype.map.call(page.querySelectorAll("[data-module=error-summary] li"), function (line) {
      return line.textContent.trim();
    });
    return lines.length ? lines : [texts.refused];
  };
  var send = function (item) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    var data = new URLSearchParams(item.fields);
    data.set("form_key", item.key);
    data.set("csrfmiddlewaretoken", token ? token.value : "");
    return fetch(item.url, {method: "POST", body: data, credentials: "same-origin"}).then(function (response) {
      var path = new URL(response.url).pathname;
      if (path === body.dataset.loginUrl) { return "logged-out"; }
      var refused = function (errors) {
        return put(Object.assign(item, {status: "conflict", errors: errors})).then(function () { return "refused"; });
      };
      if (response.status === 404) { return refused([texts.gone]); }
      if (!response.ok) { return refused([texts.refused]); }
      if (path === item.url) { return response.text().then(function (html) { return refused(errorsOf(html)); }); }
      // Saved, the form leads to the course's page; anywhere else (the second factor's step)
      // it was not saved, and the visit waits.
      if (path !== item.url.replace(/besoeg\/ny\/$/, "")) { return "logged-out"; }
      return remove(item.key).then(function () { return "sent"; });
    });
  };
  var flush = function () {
    if (flushing) { again = true; return Promise.resolve(); }
    if (!signedIn || !navigator.onLine) { return Promise.resolve(); }
    var waiting = queue.filter(function (item) { return item.status === "waiting"; });
    if (!waiting.length) { return Promise.resolve(); }
    flushing = true;
    var sent = 0;
    var refusals = 0;
    var next = function (index) {
      if (index >= waiting.length) { return Promise.resolve(); }
      return send(waiting[index]).then(function (outcome) {
        if (outcome === "logged-out") { tell("warning", texts.loggedOut); return; }
        if (outcome === "sent") { sent += 1; }
        if (outcome === "refused") { refusals += 1; }
        return next(index + 1);
      });
    };
    var failed = false;
    return next(0).catch(function () { failed = true; /* no connection: the rest waits */ }).then(function () {
      flushing = false;
      return load();
    }).then(function () {
      if (again) {
        again = false;
        if (failed) { return flush(); }
      }
      var left = queue.some(function (item) { return item.status === "waiting"; });
      var warned = notice && notice.kind === "warning";
      if (sent && !left && !warned) {
        tell("success", texts.sent);
      } else if ((sent || refusals) && !warned) {
        tell(null, null);  // "kept on this phone" is no longer the news
      } else {
        render();
      }
    });
  };

  // The visit form: kept in the queue when there is no connection.
  var today = function () {
    var now = new Date();
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    return pad(now.getDate()) + "." + pad(now.getMonth() + 1) + "." + now.getFullYear();
  };
  var freshDate = function (form) {
    // A form kept from an earlier day proposes that day: an untouched date becomes today's.
    var date = form.querySelector("input[name=date]");
    if (date && !navigator.onLine && date.value === date.defaultValue) { date.value = today(); }
  };
  var keep = function (form) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && name !== "form_key") { fields.push([name, String(value)]); }
    });
    var date = form.querySelector("input[name=date]");
    var item = {
      key: form.dataset.retry || crypto.randomUUID(),
      url: location.pathname,
      course: form.dataset.course,
      date: date ? date.value : "",
      fields: fields,
      status: "waiting",
      errors: [],
      savedAt: new Date().toISOString(),
    };
    return put(item).then(function () {
      form.reset();
      delete form.dataset.retry;
      delete form.dataset.submitted;
      freshDate(form);
      tell("success", texts.queued);
      panel.scrollIntoView();
    });
  };
  var fill = function (form, item) {
    form.querySelectorAll("input[type=checkbox], input[type=radio]").forEach(function (input) { input.checked = false; });
    item.fields.forEach(function (pair) {
      form.querySelectorAll("[name='" + CSS.escape(pair[0]) + "']").forEach(function (input) {
        if (input.type === "checkbox" || input.type === "radio") {
          if (input.value === pair[1]) { input.checked = true; }
        } else {
          input.value = pair[1];
        }
      });
    });
    var key = form.querySelector("input[name=form_key]");
    if (key) { key.value = item.key; }
    form.dataset.retry = item.key;
  };

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches("[data-logout]")) {
      if (form.dataset.wiped === "1") { return; }
      event.preventDefault();
      if (queue.length && !window.confirm(say(texts.logoutConfirm, {n: queue.length}))) { return; }
      wipeAll().then(function () {
        form.dataset.wiped = "1";
        form.submit();
      });
      return;
    }
    if (!form.matches("[data-offline-form]")) { return; }
    if (navigator.onLine) {
      if (form.dataset.retry) {
        // Sent now, the server answers with the form (its errors, what was typed) or saves it.
        event.preventDefault();
        remove(form.dataset.retry).then(function () { form.submit(); });
      }
      return;
    }
    event.preventDefault();  // before submit-once.js: this form is not sent now
    keep(form);
  }, true);

  var start = function () {
    if (!signedIn) {
      // After a logout or an expired session nothing of the last user stays on the phone.
      return load().then(function (items) {
        var count = items.length;
        return wipeAll().then(function () {
          if (count) { tell("warning", say(texts.wiped, {n: count})); }
        });
      });
    }
    var worker = Promise.resolve();
    if (!enabled) {
      worker = wipeCaches();
    } else if (navigator.serviceWorker) {
      worker = navigator.serviceWorker.register(body.dataset.serviceWorker, {scope: "/"}).then(function () {
        if (!("offlineRefresh" in body.dataset) || !navigator.onLine) { return; }
        return navigator.serviceWorker.ready.then(function (registration) {
          return new Promise(function (resolve) {
            var channel = new MessageChannel();
            channel.port1.onmessage = function () { resolve(); };
            registration.active.postMessage("refresh", [channel.port2]);
          });
        });
      }).then(function () { body.dataset.offlineReady = "1"; }, function () {
        // No worker (a private window may refuse one): the queue below works all the same.
      });
    }
    var form = document.querySelector("form[data-offline-form]");
    if (form) {
      freshDate(form);
      // A page the worker kept carries the key it was fetched with: each showing of it is a
      // new form, or a second visit from it would be taken for the first one sent again.
      var key = form.querySelector("input[name=form_key]");
      if (key && navigator.serviceWorker && navigator.serviceWorker.controller) { key.value = crypto.randomUUID(); }
    }
    var idle = parseInt(body.dataset.sessionIdle, 10);
    if (idle > 300) {
      window.setTimeout(function () {
        if (queue.length) { tell("warning", say(texts.expiryWarning, {n: queue.length})); }
      }, (idle - 300) * 1000);
    }
    window.addEventListener("online", flush);
    // A connection that is there but does not carry (navigator.onLine stays true): try again.
    window.setInterval(function () { load().then(flush); }, 60 * 1000);
    // "Ret besøget" opens the visit's form with its key after the # (this page or another).
    var fixing = function () {
      var match = /^#koe-(.+)$/.exec(location.hash);
      var item = match && queue.filter(function (entry) { return entry.key === match[1]; })[0];
      if (form && location.hash === "#gemt-paa-telefonen") {
        history.replaceState(null, "", location.pathname);
        tell("success", texts.queued);
        return true;
      }
      if (!form || !item) { return false; }
      fill(form, item);
      tell("info", texts.fixing);
      form.scrollIntoView();
      return true;
    };
    window.addEventListener("hashchange", fixing);
    return Promise.all([worker, load()]).then(function () {
      if (!fixing()) { render(); }
      return flush();
    });
  };
  start();
})();
