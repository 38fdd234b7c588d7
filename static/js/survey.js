// The parent's questionnaire: answers are saved as they are given, so a reload half-way loses
// nothing, and a question that depends on an earlier answer on the same page shows when it applies.
(function () {
  var form = document.querySelector("form[data-autosave]");
  if (!form) { return; }
  var status = form.querySelector("[data-autosave-status]");
  var timer = null;

  function value(name) {
    var checked = form.querySelector('[name="' + name + '"]:checked');
    if (checked) { return checked.value; }
    var field = form.querySelector('[name="' + name + '"]:not([type=radio]):not([type=checkbox])');
    return field ? field.value : "";
  }

  function toggle() {
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var wanted = block.getAttribute("data-show-if-values").split(" ");
      var show = wanted.indexOf(value(block.getAttribute("data-show-if"))) !== -1;
      block.hidden = !show;
    });
  }

  function save() {
    var data = new FormData(form);
    // Not form.action: the buttons are named "action" and would shadow it.
    fetch(form.getAttribute("action") || window.location.href, {
      method: "POST",
      body: data,
      headers: { "X-Autosave": "1" },
      credentials: "same-origin",
    }).then(function (response) {
      if (response.ok && status) { status.textContent = status.dataset.saved || "Dine svar er gemt."; }
    }).catch(function () {
      if (status) { status.textContent = ""; }
    });
  }

  form.addEventListener("change", function () { toggle(); clearTimeout(timer); timer = setTimeout(save, 300); });
  form.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(save, 800); });
  toggle();
})();
