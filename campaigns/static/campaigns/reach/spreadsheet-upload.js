/* Reach spreadsheet upload with progress: the bytes sent (XMLHttpRequest upload events); the
   server answers a line of JSON (the form's errors, or where the queued import is) and the page
   goes there, where the rows checked and saved are shown. Without JavaScript the form posts as
   usual. */
(function () {
  "use strict";
  const form = document.querySelector("[data-reach-upload]");
  const panel = document.querySelector("[data-reach-upload-progress]");
  if (!form || !panel || !window.XMLHttpRequest) return;
  const bytes = panel.querySelector("[data-reach-upload-bytes]");
  const errorBox = panel.querySelector("[data-reach-upload-error]");

  function handleLine(line) {
    if (!line.trim()) return;
    const message = JSON.parse(line);
    if (message.errors || message.error) {
      errorBox.textContent = message.errors ? message.errors.join(" ") : message.error;
      form.querySelector("button[type=submit]").disabled = false;
    } else if (message.done) {
      window.location.assign(message.url);
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    panel.hidden = false;
    errorBox.textContent = "";
    form.querySelector("button[type=submit]").disabled = true;
    const request = new XMLHttpRequest();
    let seen = 0;
    request.open("POST", form.action || window.location.href);
    request.setRequestHeader("Accept", "application/x-ndjson");
    request.upload.addEventListener("progress", function (e) {
      if (e.lengthComputable) bytes.value = Math.round((100 * e.loaded) / e.total);
    });
    request.addEventListener("progress", function () {
      const text = request.responseText;
      const end = text.lastIndexOf("\n");
      if (end < seen) return;
      text.slice(seen, end).split("\n").forEach(handleLine);
      seen = end + 1;
    });
    request.addEventListener("load", function () {
      const text = request.responseText;
      text.slice(seen).split("\n").forEach(handleLine);
      bytes.value = 100;
    });
    request.addEventListener("error", function () {
      errorBox.textContent = form.dataset.networkError || "Network error.";
      form.querySelector("button[type=submit]").disabled = false;
    });
    request.send(new FormData(form));
  });
})();
