// Polls an export job's status and fills the progress bar; shows the download link when the file is ready.
(function () {
  const section = document.querySelector("[data-export-status-url]");
  if (!section) return;
  const bar = section.querySelector("progress");
  const label = section.querySelector("[data-export-label]");
  const download = section.querySelector("[data-export-download]");
  function poll() {
    fetch(section.dataset.exportStatusUrl, { credentials: "same-origin" })
      .then((response) => response.json())
      .then((data) => {
        bar.value = data.percent;
        label.textContent = data.label + " · " + data.percent + "%";
        if (data.status === "ready") {
          download.hidden = false;
        } else if (data.status !== "failed") {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(() => window.setTimeout(poll, 5000));
  }
  if (download && download.hidden) poll();
})();
