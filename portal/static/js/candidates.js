// Werkbrug candidate pages: show the parts that only work with JavaScript (the skill
// picker). Without JavaScript they stay hidden and the plain fields do the job.
(function () {
  "use strict";
  var parts = document.querySelectorAll("[data-js-only]");
  for (var i = 0; i < parts.length; i += 1) {
    parts[i].hidden = false;
  }
})();
