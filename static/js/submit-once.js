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
  // page anew with a fresh key, and the browser fills in what the user typed: that form is the
  // one sent, so it takes the key it was sent with, and sending it again is a repeat. A form
  // opened anew (a link, a reload) keeps its fresh key.
  var keyName = function (form) { return "form_key " + location.pathname + " " + (form.getAttribute("action") || ""); };
  var store = function () { try { return window.sessionStorage; } catch (error) { return null; } };
  var navigation = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
  if (store() && navigation && navigation.type === "back_forward") {
    document.querySelectorAll("form input[name$=form_key]").forEach(function (input) {
      var sent = store().getItem(keyName(input.form));
      if (sent) { input.value = sent; }
    });
  }
  document.addEventListener("submit", function (event) {
    var input = event.target.querySelector && event.target.querySelector("input[name$=form_key]");
    if (input && store()) {
      try { store().setItem(keyName(event.target), input.value); } catch (error) { /* full or off */ }
    }
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
