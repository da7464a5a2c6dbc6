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
})();
