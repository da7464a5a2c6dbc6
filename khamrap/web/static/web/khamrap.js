// khamrap's few behaviours, in a static file because the Content-Security-Policy runs no inline
// script or event handler (settings.CONTENT_SECURITY_POLICY).
//
//   <select data-autosubmit>            submits its form when the choice changes
//   <form data-confirm="Remove this?">  asks before it is submitted
//
// Older templates still carry onchange="this.form.submit()" and onsubmit="return confirm('…')",
// which the policy blocks; they are read here the same way until they move to the attributes.
(function () {
  "use strict";

  var LEGACY_CONFIRM = /^\s*return\s+confirm\('([^']*)'\)\s*;?\s*$/;

  function autosubmits(element) {
    if (!(element instanceof HTMLSelectElement) || !element.form) return false;
    if (element.hasAttribute("data-autosubmit")) return true;
    return (element.getAttribute("onchange") || "").trim() === "this.form.submit()";
  }

  function confirmation(form) {
    if (form.hasAttribute("data-confirm")) return form.getAttribute("data-confirm");
    var legacy = LEGACY_CONFIRM.exec(form.getAttribute("onsubmit") || "");
    return legacy ? legacy[1] : null;
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
})();
