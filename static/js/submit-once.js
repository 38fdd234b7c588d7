// A form that writes is sent once: after its first submit, a second click (or Enter pressed
// twice) is ignored and its buttons are disabled while the next page loads. The server treats
// a repeated post as done already; this spares the second request. Kept in a file, not inline,
// so the Content Security Policy needs no 'unsafe-inline'.
(function () {
  "use strict";
  var buttons = function (form) {
    return form.querySelectorAll("button:not([type]), button[type=submit], input[type=submit]");
  };
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.getAttribute("method") || "get").toLowerCase() !== "post") { return; }
    if (form.dataset.submitted === "1") {
      event.preventDefault();
      return;
    }
    form.dataset.submitted = "1";
    // After this event the browser has taken the form's data (with the clicked button's name
    // and value); disabling the buttons now cannot drop them.
    window.setTimeout(function () {
      buttons(form).forEach(function (button) { button.disabled = true; });
    }, 0);
  });
  // The one-time form key (hjemmepaed/formkeys.py). The back button to a sent form brings the
  // page anew with a fresh key, and the browser fills in what the user typed: that form, as
  // long as nothing in it is changed, is the one sent, so it takes the key it was sent with and
  // sending it again is a repeat. Changed, or opened anew (a link, a reload), it is a new form
  // with its fresh key. This tab's sessionStorage keeps the key and a 53-bit hash of what was
  // sent, never the text itself.
  var keyName = function (form) { return "form_key " + location.pathname + " " + (form.getAttribute("action") || ""); };
  var store = function () { try { return window.sessionStorage; } catch (error) { return null; } };
  var keyInput = function (form) { return form.querySelector && form.querySelector("input[name$=form_key]"); };
  var hash = function (text) {  // cyrb53: quick, not cryptographic; enough to tell a change
    var h1 = 0xdeadbeef, h2 = 0x41c6ce57;
    for (var i = 0; i < text.length; i++) {
      var c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
    h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  };
  var filledIn = function (form) {
    var data = new FormData(form);
    data.delete(keyInput(form).name);
    data.delete("csrfmiddlewaretoken");
    return hash(new URLSearchParams(data).toString());
  };
  var navigation = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
  var cameBack = navigation && navigation.type === "back_forward";
  // At the submit, when the browser has long filled in what it restores, and before it reads
  // the form's data.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var input = keyInput(form);
    if (!input || !store()) { return; }
    var now = filledIn(form);
    try {
      var sent = JSON.parse(store().getItem(keyName(form)) || "null");
      if (cameBack && sent && sent.filledIn === now) { input.value = sent.key; }
      store().setItem(keyName(form), JSON.stringify({ key: input.value, filledIn: now }));
    } catch (error) { /* storage full or switched off: the back button then gives a new form */ }
  });
  // A page the browser shows again from its memory (the back button): its forms work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      buttons(form).forEach(function (button) { button.disabled = false; });
    });
  });
}());
