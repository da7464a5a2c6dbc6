// khamrap's few behaviours, in a static file because the Content-Security-Policy runs no inline
// script or event handler (settings.CONTENT_SECURITY_POLICY).
//
//   <select data-autosubmit>            submits its form when the choice changes
//   <form data-confirm="Remove this?">  asks before it is submitted
(function () {
  "use strict";

  function autosubmits(element) {
    return element instanceof HTMLSelectElement && !!element.form &&
      element.hasAttribute("data-autosubmit");
  }

  function confirmation(form) {
    return form.hasAttribute("data-confirm") ? form.getAttribute("data-confirm") : null;
  }

  document.addEventListener("change", function (event) {
    if (autosubmits(event.target)) event.target.form.submit();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    var question = confirmation(form);
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

  labelColumns();
  document.addEventListener("htmx:afterSettle", labelColumns);
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
