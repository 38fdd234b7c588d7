// The review of an uploaded sheet follows the task checking or importing it: it asks the
// server every two seconds, shows the rows checked or imported of the total, as the server words
// it ("12.000 af 50.000 rækker kontrolleret"), and reloads the page once the task is done
// (the page then shows the kept result). Without JavaScript the page has a link to reload it.
(function () {
  "use strict";
  var box = document.getElementById("sheet-progress");
  if (!box) { return; }
  var part = function (name) { return box.querySelector('[data-part="' + name + '"]'); };
  var poll = function () {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.finished) { window.location.reload(); return; }
        if (data && data.text && part("progress")) { part("progress").textContent = data.text; }
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  };
  window.setTimeout(poll, 1000);
}());
