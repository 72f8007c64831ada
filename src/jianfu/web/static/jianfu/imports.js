/*
 * The import job page: polls the job's status endpoint (data-status-url) once a second, moves the progress bar,
 * and reloads the page when the job has finished, which then shows the result and the error report.
 * ES5, no inline script (CSP script-src 'self').
 */
(function () {
  "use strict";

  var box = document.querySelector("[data-import-progress]");
  if (!box || !window.XMLHttpRequest) return;
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("progress");
  var label = box.querySelector("[data-progress-label]");
  var failures = 0;

  function show(state) {
    if (bar) {
      bar.value = state.percent;
      bar.textContent = state.percent + "%";
    }
    if (label) {
      label.textContent = state.label + (state.rows_done ? "：已检查 " + state.rows_done + " 行" : "");
    }
  }

  function poll() {
    var request = new XMLHttpRequest();
    request.open("GET", url, true);
    request.setRequestHeader("Accept", "application/json");
    request.onreadystatechange = function () {
      if (request.readyState !== 4) return;
      if (request.status === 200) {
        failures = 0;
        var state;
        try {
          state = JSON.parse(request.responseText);
        } catch (e) {
          state = null;
        }
        if (state) {
          show(state);
          if (state.finished) {
            window.location.reload();
            return;
          }
        }
      } else {
        failures += 1;
      }
      window.setTimeout(poll, failures > 5 ? 5000 : 1000);
    };
    request.send();
  }

  window.setTimeout(poll, 500);
})();
