// Show only the period fields that the chosen kind of period uses.
(function () {
  "use strict";
  var uses = {
    year: ["year"], half: ["year", "half"], quarter: ["year", "quarter"],
    ytd: ["year", "end"], custom: ["start", "end"]
  };
  function update(kind) {
    ["year", "half", "quarter", "start", "end"].forEach(function (name) {
      var box = document.querySelector('[data-field="' + name + '"]');
      if (!box) { return; }
      var wrapper = box.parentElement;
      wrapper.hidden = (uses[kind.value] || []).indexOf(name) < 0;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    var kind = document.getElementById("id_period_kind");
    if (!kind) { return; }
    update(kind);
    kind.addEventListener("change", function () { update(kind); });
  });
})();
