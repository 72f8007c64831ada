/*
 * The data request's fields on the Matter form (templates/matters/form.html): while the department types the
 * fields (one per line), each is marked as held by the registry (delivered after approval, no teacher asked) or
 * new (a minimal form for the teachers concerned). Asks the URL in data-classify-url each time matters.js has
 * screened the form (event "jianfu:screened"); ES5, no inline script (CSP).
 */
(function () {
  "use strict";

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function lines(textarea) {
    return textarea.value
      .split("\n")
      .map(function (line) {
        return line.trim();
      })
      .filter(Boolean);
  }

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function render(box, body) {
    box.textContent = "";
    if (!body.fields.length) return;
    var teachers = body.population === "teachers";
    var summary = teachers
      ? "已有" + body.held + "项：批准后由平台从信息库直接提供，无需教师填写；新字段" + body.new +
        "项：批准后只向相关教师采集一次。"
      : "已有" + body.held + "项；学籍系统未收录" + body.new + "项（学生数据经授权导出，不由班主任填报）。";
    var head = element("p", "", summary);
    head.setAttribute("data-testid", "field-marks-summary");
    box.appendChild(head);
    var list = element("ul", "field-mark-list");
    body.fields.forEach(function (mark) {
      var item = element("li");
      item.setAttribute("data-testid", "field-mark");
      item.setAttribute("data-status", mark.status);
      var held = mark.status === "held";
      item.appendChild(element("span", held ? "state state-approved" : "tag tag-review", held ? "已有" : "新字段"));
      item.appendChild(document.createTextNode(" " + mark.requested + " "));
      var where = held
        ? mark.source_label + (mark.label !== mark.requested ? "（" + mark.label + "）" : "")
        : teachers
          ? "向相关教师采集"
          : "学籍系统未收录";
      item.appendChild(element("span", "muted small", where));
      list.appendChild(item);
    });
    box.appendChild(list);
  }

  function setUp(box) {
    var form = box.closest("form");
    var textarea = form.querySelector("[name='data_request.fields']");
    var population = form.querySelector("[name='data_request.population']");
    var hint = box.innerHTML;
    var sequence = 0;

    function run() {
      var fields = lines(textarea);
      var mine = ++sequence;
      if (!fields.length || form.elements.kind.value !== "data_request") {
        box.innerHTML = hint;
        return;
      }
      var request = new XMLHttpRequest();
      request.open("POST", box.getAttribute("data-classify-url"));
      request.setRequestHeader("Content-Type", "application/json");
      request.setRequestHeader("X-CSRFToken", csrfToken(form));
      request.onload = function () {
        if (mine !== sequence || request.status !== 200) return;
        try {
          render(box, JSON.parse(request.responseText));
        } catch (e) {
          box.innerHTML = hint;
        }
      };
      request.send(JSON.stringify({ fields: fields, population: population.value }));
    }

    // matters.js screens the form (debounced) after every change and then says so: the marking follows it, so
    // the two requests never run at the same time.
    form.addEventListener("jianfu:screened", run);
  }

  function init() {
    var box = document.querySelector("[data-field-marks]");
    if (box) setUp(box);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
