// The expert scoring form: each criterion's slider and number field move together, and the weighted total out of
// 100 is shown live (the server computes and stores the real total; this is only a preview).
(function () {
  "use strict";
  var form = document.querySelector("[data-scoring]");
  if (!form) { return; }
  var criteria = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-weight]"));
  var totalNode = form.querySelector("[data-total]");

  function update() {
    var weighted = 0, weights = 0, complete = true;
    criteria.forEach(function (fieldset) {
      var weight = parseFloat(fieldset.dataset.weight), max = parseFloat(fieldset.dataset.max);
      var value = parseFloat(fieldset.querySelector("[data-score]").value);
      weights += weight;
      if (isNaN(value) || value < 0 || value > max) { complete = false; return; }
      weighted += weight * value / max;
    });
    totalNode.textContent = complete && weights > 0 ? (weighted * 100 / weights).toFixed(2) : "—";
  }

  criteria.forEach(function (fieldset) {
    var slider = fieldset.querySelector("[data-slider]"), number = fieldset.querySelector("[data-score]");
    slider.addEventListener("input", function () { number.value = slider.value; update(); });
    number.addEventListener("input", function () { if (number.value !== "") { slider.value = number.value; } update(); });
  });
  update();
})();
