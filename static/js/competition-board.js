// The results board refreshes itself: every 15 seconds it reads the board's JSON (data-board-url on the table) and
// updates each row's panel progress, score, rank and outcome in place; a failed request is simply tried again later.
(function () {
  "use strict";
  var table = document.querySelector("[data-board-url]");
  if (!table) { return; }
  var status = document.querySelector("[data-board-status]");
  var stamp = document.querySelector("[data-board-refreshed]");
  var fields = ["progress", "panel", "score", "rank", "outcome"];

  function apply(data) {
    if (status) { status.textContent = data.status; }
    data.rows.forEach(function (row) {
      var line = table.querySelector("[data-row='" + row.id + "']");
      if (!line) { return; }
      fields.forEach(function (name) {
        var cell = line.querySelector("[data-field='" + name + "']");
        if (cell) { cell.textContent = row[name]; }
      });
      line.classList.toggle("board-divergent", row.divergent);
    });
    if (stamp) { stamp.textContent = new Date().toLocaleTimeString(); }
  }

  function refresh() {
    fetch(table.dataset.boardUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) { if (data) { apply(data); } })
      .catch(function () { /* offline for a moment: the next tick tries again */ });
  }

  window.setInterval(refresh, 15000);
}());
