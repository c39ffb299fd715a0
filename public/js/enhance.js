// Progressive enhancement shared by every page. Pages work fully without it.
(function () {
  'use strict';
  // Move focus to the error summary so screen reader users hear what to fix.
  var summary = document.getElementById('form-errors');
  if (summary) summary.focus();
})();
