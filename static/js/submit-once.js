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
  // A page the browser shows again from its memory (the back button): its forms work again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) { return; }
    document.querySelectorAll("form[data-submitted]").forEach(function (form) {
      delete form.dataset.submitted;
      buttons(form).forEach(function (button) { button.disabled = false; });
    });
  });
}());
