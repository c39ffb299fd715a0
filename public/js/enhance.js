// Progressive enhancement shared by every page. Pages work fully without it.
(function () {
  'use strict';
  // Move focus to the error summary so screen reader users hear what to fix.
  var summary = document.getElementById('form-errors');
  if (summary) {
    summary.focus();
    // A refused form's page opens at its action's #fragment, and the browser then moves focus to
    // that place (or to the page itself) before the load event: bring it back to the summary,
    // unless the reader has already gone somewhere else.
    window.addEventListener('load', function () {
      var now = document.activeElement;
      if (!now || now === document.body || now.contains(summary)) summary.focus();
    });
  }

  // A second click on a form's button while the page is already on its way would send the
  // form twice (two copies of a post). The server also ignores such copies; this spares the
  // trip. Forms that scripts send themselves (default prevented) are left alone, and the guard
  // lifts after a while or when the page comes back from history, so a failed send can be retried.
  var RETRY_AFTER_MS = 8000;
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form || (form.method || '').toLowerCase() !== 'post') return;
    if (form.getAttribute('data-sending') === 'true') {
      event.preventDefault();
      return;
    }
    form.setAttribute('data-sending', 'true');
    form.setAttribute('aria-busy', 'true');
    setTimeout(function () { release(form); }, RETRY_AFTER_MS);
  });
  window.addEventListener('pageshow', function () {
    var sending = document.querySelectorAll('form[data-sending]');
    for (var i = 0; i < sending.length; i++) release(sending[i]);
  });
  function release(form) {
    form.removeAttribute('data-sending');
    form.removeAttribute('aria-busy');
  }
})();
