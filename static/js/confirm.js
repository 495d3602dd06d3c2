// Buttons with a data-confirm question (removing an e-mail address or an authenticator) ask before their form is sent.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) { event.preventDefault(); }
  });
}());
