/*
 * The Matter form (templates/matters/form.html):
 * 1. the kind selector shows only the chosen kind's fields;
 * 2. live screening: while the user types (debounced), the form is sent as Matter JSON to the URL in
 *    data-screen-url and the verdict and findings (measure, severity, message, quoted sentence) are shown.
 * The JSON mirrors jianfu.matters.forms.input_from_post. ES5, no inline script (CSP).
 */
(function () {
  "use strict";

  var END_DATE_KINDS = ["secondment", "meeting", "data_request", "task", "inspection"];
  var SEVERITY = { block: "禁止", review: "需审查", info: "提示" };
  var VERDICT = { block: "禁止：不能批准", review: "需审查：审批人须写明理由", pass: "通过：未发现抵触内容" };
  var DELAY_MS = 600;

  function csrfToken(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function number(raw, integer) {
    var text = (raw || "").trim();
    if (text === "") return null;
    var value = integer ? Number(text) : parseFloat(text);
    if (isNaN(value) || (integer && Math.floor(value) !== value)) return text; // the server names the field
    return value;
  }

  function kindValue(el) {
    var type = el.getAttribute("data-type") || "str";
    if (type === "bool") return el.checked;
    if (type === "int") return number(el.value, true);
    if (type === "float") return number(el.value, false);
    if (type === "lines") {
      return el.value
        .split("\n")
        .map(function (line) {
          return line.trim();
        })
        .filter(Boolean);
    }
    return el.value.trim() === "" ? null : el.value.trim();
  }

  function build(form) {
    var el = form.elements;
    var kind = el.kind.value;
    var dateKeys = JSON.parse(form.getAttribute("data-date-keys") || "{}");
    var data = {
      kind: kind,
      title: el.title.value.trim(),
      description: el.description.value.trim(),
      targets: {
        teachers: el["targets.teachers"].checked,
        students: el["targets.students"].checked,
        parents: el["targets.parents"].checked,
      },
      schools: Array.prototype.filter
        .call(el.schools.options, function (o) {
          return o.selected;
        })
        .map(function (o) {
          return o.value;
        }),
    };
    if (el.starts_on.value) data[dateKeys[kind] || "starts_on"] = el.starts_on.value;
    if (el.ends_on.value && END_DATE_KINDS.indexOf(kind) !== -1) data.ends_on = el.ends_on.value;
    var prefix = kind + ".";
    Array.prototype.forEach.call(el, function (input) {
      if (!input.name || input.name.indexOf(prefix) !== 0) return;
      var key = input.name.slice(prefix.length);
      if (input.getAttribute("data-type") === "attendee") {
        var count = number(input.value, true);
        if (count) {
          data.attendees = data.attendees || [];
          data.attendees.push({ region: input.getAttribute("data-region"), count: count });
        }
        return;
      }
      var value = kindValue(input);
      if (value !== null) data[key] = value;
    });
    if (kind === "campus_activity") data.school_codes = data.schools;
    if (kind === "inspection") {
      if (!("materials" in data)) data.materials = [];
      data.in_annual_plan = false; // the server decides from the plan entry
    }
    var id = form.getAttribute("data-matter-id");
    if (id) data.id = Number(id);
    return data;
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // A field's name in the message ("starts_on") becomes its label on the form ("开始日期").
  function fieldLabel(form, field) {
    var name = String(field || "").split(/[.\[]/)[0];
    var input = name ? form.querySelector('[name="' + name + '"]') : null;
    var label = input && input.labels && input.labels.length ? input.labels[0].textContent.trim() : "";
    if (!label && input) {
      var group = input.closest("fieldset");
      var legend = group ? group.querySelector("legend") : null;
      label = legend ? legend.textContent.trim() : "";
    }
    return label || field;
  }

  function showErrors(form, box, title, errors) {
    box.appendChild(element("p", "", title));
    var list = element("ul", "screening-errors");
    list.setAttribute("data-testid", "live-incomplete");
    errors.forEach(function (error) {
      list.appendChild(element("li", "", (error.field ? fieldLabel(form, error.field) + "：" : "") + error.message));
    });
    box.appendChild(list);
  }

  function showResult(box, status, result) {
    status.textContent = "";
    var verdict = element("p", "verdict verdict-" + result.verdict, VERDICT[result.verdict] || result.verdict);
    verdict.setAttribute("data-testid", "live-verdict");
    box.appendChild(verdict);
    if (!result.findings.length) {
      box.appendChild(element("p", "muted", "没有发现与《二十条措施》相抵触的内容。"));
    }
    var list = element("ol", "findings");
    result.findings.forEach(function (finding) {
      var item = element("li", "finding finding-" + finding.severity);
      var head = element("p", "finding-head");
      head.appendChild(element("span", "tag tag-" + finding.severity, SEVERITY[finding.severity] || finding.severity));
      head.appendChild(document.createTextNode(" "));
      head.appendChild(element("strong", "", "第" + finding.measure + "条"));
      item.appendChild(head);
      item.appendChild(element("p", "", finding.message));
      item.appendChild(element("blockquote", "quote", "“" + finding.quote + "”"));
      list.appendChild(item);
    });
    box.appendChild(list);
    if (result.similar && result.similar.length) {
      box.appendChild(element("h3", "", "相似事项"));
      var similar = element("ul");
      result.similar.forEach(function (match) {
        similar.appendChild(element("li", "", match.title + "（相似度 " + match.score + "）"));
      });
      box.appendChild(similar);
    }
    box.appendChild(element("p", "muted small", "规则目录 " + result.catalog_version));
  }

  function setUpScreening(form, panel) {
    var status = panel.querySelector("[data-screening-status]");
    var box = panel.querySelector("[data-screening-result]");
    var timer = null;
    var sequence = 0;

    function run() {
      var mine = ++sequence;
      var request = new XMLHttpRequest();
      request.open("POST", form.getAttribute("data-screen-url"));
      request.setRequestHeader("Content-Type", "application/json");
      request.setRequestHeader("X-CSRFToken", csrfToken(form));
      request.onload = function () {
        if (mine !== sequence) return; // a newer screening is on its way
        var body = null;
        try {
          body = JSON.parse(request.responseText);
        } catch (e) {
          body = null;
        }
        box.textContent = "";
        if (request.status === 200 && body) {
          showResult(box, status, body);
          if (body.incomplete && body.incomplete.length) {
            status.textContent = "以下为按已填写文字的初步筛查，填写完整后给出正式结果。";
            showErrors(form, box, "尚需补充：", body.incomplete);
          }
        } else if (request.status === 422 && body && body.detail) {
          status.textContent = "";
          showErrors(form, box, "填写完整后显示筛查结果。尚需补充：", body.detail);
        } else {
          status.textContent = "暂时无法筛查，请稍后再试。";
        }
      };
      request.onerror = function () {
        status.textContent = "网络异常，暂时无法筛查。";
      };
      request.onloadend = function () {
        // Others on the form (datahub.js) ask the server next, never alongside the screening.
        if (mine === sequence) form.dispatchEvent(new CustomEvent("jianfu:screened"));
      };
      status.textContent = "正在筛查……";
      request.send(JSON.stringify(build(form)));
    }

    function later() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(run, DELAY_MS);
    }

    form.addEventListener("input", later);
    form.addEventListener("change", later);
    if (form.elements.title.value) later();
  }

  function setUpKinds(form) {
    var select = form.querySelector("[data-kind-select]");
    function show() {
      Array.prototype.forEach.call(form.querySelectorAll(".kind-fields"), function (fieldset) {
        fieldset.hidden = fieldset.getAttribute("data-kind") !== select.value;
      });
    }
    select.addEventListener("change", show);
    show();
  }

  function init() {
    var form = document.querySelector("form[data-matter-form]");
    if (!form) return;
    setUpKinds(form);
    var panel = document.querySelector("[data-screening-panel]");
    if (panel) setUpScreening(form, panel);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
