// The quiz attempt page: save each answer as it changes (fetch with the CSRF token; the plain form post keeps
// working without JavaScript), count down to the server's deadline, and confirm a submit with unanswered questions.
(function () {
  "use strict";
  var form = document.getElementById("attempt-form");
  if (!form) { return; }
  var status = document.getElementById("quiz-save-status");
  var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timers = {};

  function show(text) { if (status) { status.textContent = text; } }

  function isAnswered(fieldset) {
    return Array.prototype.some.call(fieldset.querySelectorAll("input, textarea"), function (input) {
      if (input.type === "hidden") { return false; }
      if (input.type === "radio" || input.type === "checkbox") { return input.checked; }
      return input.value.trim() !== "";
    });
  }

  function countAnswered() {
    var fieldsets = form.querySelectorAll("fieldset[data-item]");
    var answered = Array.prototype.filter.call(fieldsets, isAnswered).length;
    var counter = document.getElementById("quiz-answered");
    if (counter) { counter.textContent = answered; }
    return fieldsets.length - answered;
  }

  function save(fieldset) {
    var data = new FormData();
    data.append("action", "save");
    fieldset.querySelectorAll("input, textarea").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && !input.checked) { return; }
      data.append(input.name, input.value);
    });
    return fetch(form.getAttribute("action"), {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "X-CSRFToken": token, "Accept": "application/json" }
    }).then(function (response) {
      return response.json().then(function (body) {
        if (response.ok) { show(form.dataset.savedText + " " + body.at); return; }
        show(body.error || form.dataset.errorText);
        if (body.code === "finished" || body.code === "deadline") { window.location.reload(); }
      });
    }).catch(function () { show(form.dataset.errorText); });
  }

  form.addEventListener("change", function (event) {
    var fieldset = event.target.closest("fieldset[data-item]");
    if (fieldset) { countAnswered(); save(fieldset); }
  });
  form.addEventListener("input", function (event) {
    var fieldset = event.target.closest("fieldset[data-item]");
    if (!fieldset || event.target.type !== "text" && event.target.tagName !== "TEXTAREA") { return; }
    countAnswered();
    clearTimeout(timers[fieldset.dataset.item]);
    timers[fieldset.dataset.item] = setTimeout(function () { save(fieldset); }, 1500);
  });

  form.addEventListener("submit", function (event) {
    var submitter = event.submitter;
    if (!submitter || submitter.value !== "submit" || form.dataset.timeUp) { return; }
    if (countAnswered() > 0 && !window.confirm(form.dataset.confirmText)) { event.preventDefault(); }
  });

  var timer = document.getElementById("quiz-timer");
  if (timer) {
    var deadline = Date.now() + parseInt(timer.dataset.secondsLeft, 10) * 1000;
    var label = timer.textContent;
    var tick = function () {
      var left = Math.max(0, Math.round((deadline - Date.now()) / 1000));
      var minutes = Math.floor(left / 60), seconds = left % 60;
      timer.textContent = label + " · " + minutes + ":" + (seconds < 10 ? "0" : "") + seconds;
      if (left === 0) {
        clearInterval(interval);
        show(form.dataset.timeupText);
        form.dataset.timeUp = "1";
        var button = document.getElementById("submit-attempt-button");
        if (form.requestSubmit) { form.requestSubmit(button); } else { button.click(); }
      }
    };
    var interval = setInterval(tick, 1000);
    tick();
  }
}());
