// TWV area: a print button on the printable page. Without JavaScript the page says to use Ctrl+P.
(function () {
  "use strict";
  var button = document.getElementById("print-button");
  if (!button) { return; }
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
})();
