// The report page follows the report's progress without a reload: it asks the server for the
// status every two seconds until the report is ready or has failed, then shows the downloads
// or the retry button (both are already on the page, hidden).
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box) { return; }
  var part = function (name) { return box.querySelector('[data-part="' + name + '"]'); };
  var show = function (status, label, error) {
    box.dataset.status = status;
    part("label").textContent = label;
    part("running").hidden = status === "ready" || status === "failed";
    part("ready").hidden = status !== "ready";
    part("failed").hidden = status !== "failed";
    if (error) { part("error").textContent = error; }
    // Queued with a note: the broker could not be reached; the report starts by itself later.
    part("waiting").hidden = !(status === "queued" && error);
    if (status === "queued" && error) { part("waiting").firstElementChild.textContent = error; }
  };
  var poll = function () {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) { show(data.status, data.label, data.error); }
        if (!data || !data.finished) { window.setTimeout(poll, 2000); }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  };
  if (box.dataset.status !== "ready" && box.dataset.status !== "failed") { window.setTimeout(poll, 1000); }
}());
