// khamrap's few behaviours, in a static file because the Content-Security-Policy runs no inline
// script or event handler (settings.CONTENT_SECURITY_POLICY).
//
//   <select data-autosubmit>            submits its form when the choice changes
//   <form data-confirm="Remove this?">  asks before it is submitted
//   <button data-confirm="Submit?">     asks before this button submits its form
(function () {
  "use strict";

  function autosubmits(element) {
    return element instanceof HTMLSelectElement && !!element.form &&
      element.hasAttribute("data-autosubmit");
  }

  // The button's own question first (one form may have a harmless and a final button), else the
  // form's.
  function confirmation(form, submitter) {
    if (submitter && submitter.hasAttribute("data-confirm")) {
      return submitter.getAttribute("data-confirm");
    }
    return form.hasAttribute("data-confirm") ? form.getAttribute("data-confirm") : null;
  }

  document.addEventListener("change", function (event) {
    if (autosubmits(event.target)) event.target.form.submit();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = confirmation(form, event.submitter);
    if (question !== null && !window.confirm(question)) event.preventDefault();
  });

  // <table class="stack">: on a phone each row is shown as a card (khamrap.css, table.stacked), each
  // cell under the name of its column, which it takes from the header row as data-label. Without
  // this script the table simply scrolls inside its wrapper.
  function labelColumns() {
    var tables = document.querySelectorAll("table.stack:not(.stacked)");
    Array.prototype.forEach.call(tables, function (table) {
      var names = [];
      var header = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!header) return;
      Array.prototype.forEach.call(header.cells, function (cell) {
        // A column named only for screen readers (a column of links) shows no label on the card.
        var name = cell.querySelector(".visually-hidden") ? "" : cell.textContent.trim();
        for (var i = 0; i < cell.colSpan; i++) names.push(name);
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            // A cell across several columns (a group's heading row) is a heading, not a value.
            if (!cell.hasAttribute("data-label") && cell.colSpan === 1 && names[column]) {
              cell.setAttribute("data-label", names[column]);
            }
            column += cell.colSpan;
          });
        });
      });
      table.classList.add("stacked");
    });
  }

  // A table that scrolls sideways takes the keyboard focus while it is wider than its box, so it can
  // be scrolled without a mouse (axe's scrollable-region-focusable).
  function focusScrolling() {
    var boxes = document.querySelectorAll(".table-wrap, .check-table");
    Array.prototype.forEach.call(boxes, function (box) {
      if (box.scrollWidth > box.clientWidth) box.setAttribute("tabindex", "0");
      else box.removeAttribute("tabindex");
    });
  }

  function layOut() {
    labelColumns();
    focusScrolling();
  }

  layOut();
  document.addEventListener("htmx:afterSettle", layOut);
  window.addEventListener("resize", focusScrolling);
})();

// --- The indicator form (agreements/indicator_form.html): only the chosen scoring kind's fields ---
//   <select data-kind-select>            the scoring kind; the parts of its form follow it
//   <fieldset data-kinds="numeric mixed"> shown (and enabled) only while one of these kinds is chosen
//   <input data-mixed-steps>             a mixed indicator's step levels m: its steps 1..m
//   data-step-level / data-target-level  and its targets m+1..5 show, the others hide
// Hidden parts are disabled, so they are not sent. Without JavaScript every part shows and the server
// ignores the parts of the other kinds (agreements.forms.IndicatorForm.clean).
(function () {
  "use strict";

  function show(element, shown) {
    element.hidden = !shown;
    if (element instanceof HTMLFieldSetElement) {
      element.disabled = !shown;
      return;
    }
    var fields = element.querySelectorAll("input, select, textarea");
    for (var i = 0; i < fields.length; i++) fields[i].disabled = !shown;
  }

  function each(form, selector, callback) {
    var elements = form.querySelectorAll(selector);
    for (var i = 0; i < elements.length; i++) callback(elements[i]);
  }

  function follow(form) {
    var select = form.querySelector("select[data-kind-select]");
    if (!select) return;
    var kind = select.value;
    each(form, "[data-kinds]", function (part) {
      // No kind chosen yet: show everything, as without JavaScript.
      show(part, !kind || part.getAttribute("data-kinds").split(/\s+/).indexOf(kind) !== -1);
    });
    var stepsInput = form.querySelector("[data-mixed-steps]");
    var m = kind === "mixed" && stepsInput ? parseInt(stepsInput.value, 10) : NaN;
    var mixed = m >= 1 && m <= 4;
    each(form, "[data-step-level]", function (row) {
      show(row, !mixed || parseInt(row.getAttribute("data-step-level"), 10) <= m);
    });
    each(form, "[data-target-level]", function (target) {
      show(target, !mixed || parseInt(target.getAttribute("data-target-level"), 10) > m);
    });
  }

  function followTarget(event) {
    var element = event.target;
    if (!(element instanceof HTMLElement) || !element.form) return;
    if (element.hasAttribute("data-kind-select") || element.hasAttribute("data-mixed-steps")) {
      follow(element.form);
    }
  }

  document.addEventListener("change", followTarget);
  document.addEventListener("input", followTarget);

  function start() {
    each(document, "select[data-kind-select]", function (select) {
      if (select.form) follow(select.form);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();

// --- Forms speak Thai: the server judges, the browser only helps (lib.forms.friendly_errors) ---
// One approach for the whole site: the server answers. The browser's own checks (required, type=email,
// number boxes) answer in the browser's language ("Please fill out this field.") in a bubble that
// vanishes; the server answers in Thai at the field and keeps what was typed. So every form is sent
// as typed (novalidate, also on forms htmx brings in), and:
//   <input type=file> + [data-file-name]   the chosen file's name, in place of the browser's text
//   [data-maxlength]                       a count of the characters once near the limit, and a
//                                          warning over it (the server refuses an over-long text
//                                          with a message; the browser's maxlength would cut a
//                                          pasted text silently)
(function () {
  "use strict";

  function serverJudges(root) {
    if (root instanceof HTMLFormElement) root.noValidate = true;
    if (!root.querySelectorAll) return;
    var forms = root.querySelectorAll("form");
    for (var i = 0; i < forms.length; i++) forms[i].noValidate = true;
  }

  function showFileName(input) {
    var box = input.closest(".file-input");
    var name = box && box.querySelector("[data-file-name]");
    if (!name) return;
    var names = [];
    for (var i = 0; i < input.files.length; i++) names.push(input.files[i].name);
    name.textContent = names.length ? names.join(", ") : name.getAttribute("data-empty");
  }

  // As the server counts: one per character (a Thai vowel or tone mark is one), and two for a line
  // break, which the browser sends as CR LF.
  function lengthOf(text) {
    var pairs = text.match(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g);
    var breaks = text.match(/\n/g);
    return text.length - (pairs ? pairs.length : 0) + (breaks ? breaks.length : 0);
  }

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (all, key) {
      return key in values ? values[key].toLocaleString() : all;
    });
  }

  function countCharacters(field) {
    var limit = parseInt(field.getAttribute("data-maxlength"), 10);
    if (!(limit > 0)) return;
    var note = field.nextElementSibling;
    if (!note || !note.classList.contains("length-note")) {
      note = document.createElement("div");
      note.className = "length-note";
      note.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", note);
    }
    var count = lengthOf(field.value);
    var over = count - limit;
    note.classList.toggle("over", over > 0);
    if (over > 0) {
      note.textContent = fill(field.getAttribute("data-maxlength-over") || "", {
        count: count, over: over, limit: limit
      });
    } else if (count >= limit * 0.9) {
      note.textContent = fill(field.getAttribute("data-maxlength-near") || "", {
        count: count, limit: limit
      });
    } else {
      note.textContent = "";
    }
  }

  document.addEventListener("change", function (event) {
    var element = event.target;
    if (element instanceof HTMLInputElement && element.type === "file") showFileName(element);
  });

  document.addEventListener("input", function (event) {
    var element = event.target;
    if (element instanceof HTMLElement && element.hasAttribute("data-maxlength")) {
      countCharacters(element);
    }
  });

  function start(root) {
    serverJudges(root);
    if (!root.querySelectorAll) return;
    // A text sent back by the server (over the limit) shows its count at once.
    var fields = root.querySelectorAll("[data-maxlength]");
    for (var i = 0; i < fields.length; i++) if (fields[i].value) countCharacters(fields[i]);
  }

  document.addEventListener("htmx:load", function (event) { start(event.detail.elt); });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(document); });
  } else {
    start(document);
  }
})();
