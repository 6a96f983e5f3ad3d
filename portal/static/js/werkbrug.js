// Werkbrug: small progressive enhancements. Every page works without this file.
(function () {
  "use strict";

  // Idle timeout warning (WCAG 2.2.1): warn two minutes before the server logs the user out.
  var body = document.body;
  var timeout = parseInt(body.getAttribute("data-idle-timeout") || "0", 10);
  var dialog = document.getElementById("idle-warning");
  if (timeout > 0 && dialog) {
    var warnAfter = Math.max(timeout - 120, 10) * 1000;
    var warnTimer, endTimer;
    var start = function () {
      clearTimeout(warnTimer);
      clearTimeout(endTimer);
      warnTimer = setTimeout(function () {
        dialog.hidden = false;
        document.getElementById("idle-stay").focus();
      }, warnAfter);
      endTimer = setTimeout(function () { window.location.reload(); }, timeout * 1000 + 2000);
    };
    document.getElementById("idle-stay").addEventListener("click", function () {
      fetch(body.getAttribute("data-keepalive-url"), {
        method: "POST",
        credentials: "same-origin",
        redirect: "manual",
        headers: { "X-CSRFToken": body.getAttribute("data-csrf-token") }
      }).then(function (response) {
        // A refused keep-alive means the session is gone already: show the login page.
        if (!response.ok) { window.location.reload(); return; }
        dialog.hidden = true;
        start();
      }, function () { window.location.reload(); });
    });
    start();
  }

  // Move focus to an error summary so keyboard and screen-reader users hear it first.
  var summary = document.querySelector(".error-summary");
  if (summary) { summary.focus(); }
})();
