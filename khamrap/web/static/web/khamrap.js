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
