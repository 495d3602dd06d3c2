// The lesson page's "Mark as done" button for a lesson with a minimum study time: it stays disabled and counts down
// the time the server said was left, then enables itself. The server still checks the time when the form is sent.
(function () {
  "use strict";
  var button = document.getElementById("mark-done-button");
  if (!button || !button.dataset.secondsLeft) { return; }
  var deadline = Date.now() + parseInt(button.dataset.secondsLeft, 10) * 1000;

  function clock(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    var left = Math.ceil((deadline - Date.now()) / 1000);
    if (left <= 0) {
      button.disabled = false;
      button.textContent = button.dataset.readyText;
      return;
    }
    button.textContent = button.dataset.waitText.replace("{time}", clock(left));
    window.setTimeout(tick, 1000);
  }

  tick();
}());
