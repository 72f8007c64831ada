/*
 * jianfu page behaviour. Loaded with <script src defer>; no inline handlers anywhere (CSP script-src 'self').
 *
 * 1. Never lose what someone typed: a form with data-autosave="<key>" keeps a draft of its fields in
 *    localStorage while the user types, restores it when the form is shown again, and drops it once a
 *    submission has gone through. Password, hidden and file fields are never stored.
 *    A submission counts as failed (draft kept) when the next page shows form errors or is a page marked
 *    data-keep-drafts (login, error pages: e.g. the session expired or the CSRF check failed).
 * 2. data-confirm="question" on a link, button or form asks before going on.
 * 3. Demo logins: a button with data-demo-login fills in the login form (demo mode only).
 *
 * Written in ES5 so that older phone browsers run it.
 */
(function () {
  "use strict";

  var DRAFT_PREFIX = "jianfu:draft:";
  var PENDING_KEY = "jianfu:draft-pending";
  var DRAFT_MAX_AGE_MS = 14 * 24 * 3600 * 1000;
  var SKIPPED_TYPES = ["password", "hidden", "file", "submit", "button", "reset", "image"];
  var ERROR_SELECTOR = ".errorlist, .field-error, .alert-error, [data-form-errors]";

  function usableStorage(name) {
    try {
      var store = window[name];
      store.setItem("jianfu:probe", "1");
      store.removeItem("jianfu:probe");
      return store;
    } catch (e) {
      return null; // private mode, disabled storage, quota: the page still works, just without drafts
    }
  }

  var local = usableStorage("localStorage");
  var session = usableStorage("sessionStorage");

  function readJSON(store, key) {
    if (!store) return null;
    try {
      return JSON.parse(store.getItem(key) || "null");
    } catch (e) {
      return null;
    }
  }

  function writeJSON(store, key, value) {
    if (!store) return;
    try {
      store.setItem(key, JSON.stringify(value));
    } catch (e) {
      /* quota exceeded: nothing sensible to do */
    }
  }

  function draftScope() {
    return document.body.getAttribute("data-draft-scope") || "anon";
  }

  function draftKey(form) {
    return DRAFT_PREFIX + draftScope() + ":" + form.getAttribute("data-autosave");
  }

  function isSavable(el) {
    if (!el.name || el.disabled || el.name === "csrfmiddlewaretoken") return false;
    if (el.hasAttribute("data-autosave-skip")) return false;
    var type = (el.type || "").toLowerCase();
    if (SKIPPED_TYPES.indexOf(type) !== -1) return false;
    var autocomplete = (el.getAttribute("autocomplete") || "").toLowerCase();
    if (autocomplete.indexOf("password") !== -1 || autocomplete === "one-time-code") return false;
    return el.tagName === "INPUT" || el.tagName === "SELECT" || el.tagName === "TEXTAREA";
  }

  function collect(form) {
    var fields = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!isSavable(el)) return;
      var type = (el.type || "").toLowerCase();
      if (type === "checkbox") {
        fields[el.name] = fields[el.name] || [];
        if (el.checked) fields[el.name].push(el.value);
      } else if (type === "radio") {
        if (!(el.name in fields)) fields[el.name] = null;
        if (el.checked) fields[el.name] = el.value;
      } else if (type === "select-multiple") {
        fields[el.name] = Array.prototype.filter
          .call(el.options, function (o) {
            return o.selected;
          })
          .map(function (o) {
            return o.value;
          });
      } else {
        fields[el.name] = el.value;
      }
    });
    return fields;
  }

  function sameValue(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function apply(form, fields) {
    var changed = false;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!isSavable(el) || !(el.name in fields)) return;
      var saved = fields[el.name];
      var type = (el.type || "").toLowerCase();
      if (type === "checkbox") {
        var on = Array.isArray(saved) && saved.indexOf(el.value) !== -1;
        if (el.checked !== on) {
          el.checked = on;
          changed = true;
        }
      } else if (type === "radio") {
        var picked = saved === el.value;
        if (el.checked !== picked) {
          el.checked = picked;
          changed = true;
        }
      } else if (type === "select-multiple") {
        Array.prototype.forEach.call(el.options, function (o) {
          var sel = Array.isArray(saved) && saved.indexOf(o.value) !== -1;
          if (o.selected !== sel) {
            o.selected = sel;
            changed = true;
          }
        });
      } else if (typeof saved === "string" && el.value !== saved) {
        el.value = saved;
        changed = true;
      }
    });
    return changed;
  }

  function saveDraft(form) {
    writeJSON(local, draftKey(form), { savedAt: Date.now(), path: location.pathname, fields: collect(form) });
  }

  function pendingList() {
    var list = readJSON(session, PENDING_KEY);
    return Array.isArray(list) ? list : [];
  }

  function formatTime(ms) {
    var d = new Date(ms);
    function two(n) {
      return (n < 10 ? "0" : "") + n;
    }
    return d.getMonth() + 1 + "月" + d.getDate() + "日 " + two(d.getHours()) + ":" + two(d.getMinutes());
  }

  function showRestoredNotice(form, key, savedAt) {
    var box = document.createElement("div");
    box.className = "draft-notice";
    box.setAttribute("role", "status");
    box.setAttribute("data-testid", "draft-notice");
    var text = document.createElement("p");
    text.textContent = "已恢复您上次未提交的内容（保存于" + formatTime(savedAt) + "）。";
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "btn btn-small btn-secondary";
    discard.textContent = "清除草稿";
    discard.addEventListener("click", function () {
      if (local) local.removeItem(key);
      form.reset();
      box.parentNode.removeChild(box);
    });
    box.appendChild(text);
    box.appendChild(discard);
    form.parentNode.insertBefore(box, form);
  }

  function clearExpiredDrafts() {
    if (!local) return;
    var now = Date.now();
    for (var i = local.length - 1; i >= 0; i--) {
      var key = local.key(i);
      if (key && key.indexOf(DRAFT_PREFIX) === 0) {
        var draft = readJSON(local, key);
        if (!draft || !draft.savedAt || now - draft.savedAt > DRAFT_MAX_AGE_MS) local.removeItem(key);
      }
    }
  }

  function clearDraftsOfScope(scope) {
    if (!local) return;
    var prefix = DRAFT_PREFIX + scope + ":";
    for (var i = local.length - 1; i >= 0; i--) {
      var key = local.key(i);
      if (key && key.indexOf(prefix) === 0) local.removeItem(key);
    }
  }

  // The page after a submission decides whether the draft may go.
  function settlePendingSubmissions() {
    var pending = pendingList();
    if (!pending.length) return;
    if (session) session.removeItem(PENDING_KEY);
    var keepAll = document.body.hasAttribute("data-keep-drafts");
    pending.forEach(function (key) {
      if (keepAll) return;
      var form = null;
      Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), function (f) {
        if (draftKey(f) === key) form = f;
      });
      var failed = form !== null && document.querySelector(ERROR_SELECTOR) !== null;
      if (!failed && local) local.removeItem(key);
    });
  }

  function setUpAutosave(form) {
    var key = draftKey(form);
    var draft = readJSON(local, key);
    if (draft && draft.fields && !sameValue(draft.fields, collect(form))) {
      if (apply(form, draft.fields)) showRestoredNotice(form, key, draft.savedAt || Date.now());
    }
    var timer = null;
    function later() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () {
        timer = null;
        saveDraft(form);
      }, 300);
    }
    form.addEventListener("input", later);
    form.addEventListener("change", later);
    form.addEventListener("submit", function (event) {
      if (event.defaultPrevented) return;
      if (timer) clearTimeout(timer);
      saveDraft(form);
      var pending = pendingList();
      if (pending.indexOf(key) === -1) pending.push(key);
      writeJSON(session, PENDING_KEY, pending);
    });
  }

  // data-confirm: links and buttons on click, forms on submit.
  document.addEventListener(
    "click",
    function (event) {
      var target = event.target.closest ? event.target.closest("[data-confirm]") : null;
      if (!target || target.tagName === "FORM") return;
      if (!window.confirm(target.getAttribute("data-confirm"))) {
        event.preventDefault();
        event.stopImmediatePropagation();
      } else if (target.form && target.form.hasAttribute("data-confirm")) {
        target.setAttribute("data-confirmed", "1"); // the form's own question was just answered
      }
    },
    true
  );

  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!form.hasAttribute || !form.hasAttribute("data-confirm")) return;
      var submitter = event.submitter || document.activeElement;
      if (submitter && submitter.getAttribute && submitter.getAttribute("data-confirmed") === "1") {
        submitter.removeAttribute("data-confirmed");
        return;
      }
      if (!window.confirm(form.getAttribute("data-confirm"))) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  function setUpDemoLogins() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-demo-login]"), function (button) {
      button.addEventListener("click", function () {
        var holder = button.closest("[data-demo-password]");
        var username = document.getElementById("id_username");
        var password = document.getElementById("id_password");
        if (!username || !password || !holder) return;
        username.value = button.getAttribute("data-demo-login");
        password.value = holder.getAttribute("data-demo-password");
        var submit = username.form && username.form.querySelector("[type=submit]");
        (submit || password).focus();
      });
    });
  }

  function setUpLogout() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-logout]"), function (form) {
      form.addEventListener("submit", function (event) {
        // On a shared computer, what one user typed must not be left for the next.
        if (!event.defaultPrevented) clearDraftsOfScope(draftScope());
      });
    });
  }

  function init() {
    clearExpiredDrafts();
    settlePendingSubmissions();
    Array.prototype.forEach.call(document.querySelectorAll("form[data-autosave]"), setUpAutosave);
    setUpDemoLogins();
    setUpLogout();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();

// Navigation groups: opening one closes the others, and a click elsewhere or Escape closes them all.
(function () {
  function setUpNavGroups() {
    var groups = Array.prototype.slice.call(document.querySelectorAll("details[data-nav-group]"));
    if (!groups.length) return;
    function closeAll(except) {
      groups.forEach(function (group) {
        if (group !== except) group.open = false;
      });
    }
    groups.forEach(function (group) {
      group.addEventListener("toggle", function () {
        if (group.open) closeAll(group);
      });
    });
    document.addEventListener("click", function (event) {
      if (!event.target.closest("details[data-nav-group]")) closeAll(null);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") closeAll(null);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpNavGroups);
  } else {
    setUpNavGroups();
  }
})();
