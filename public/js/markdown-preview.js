// Live Markdown preview for authoring forms. Without it, the form's "Preview" button does the same.
// The server renders and sanitises the Markdown exactly as it will when saving.
(function () {
  'use strict';
  var fields = document.querySelectorAll('textarea[data-markdown-preview]');
  if (!fields.length || !window.fetch) return;

  function tokenFor(field) {
    var input = field.form && field.form.querySelector('input[name="_csrf"]');
    return input ? input.value : '';
  }

  function attach(field) {
    var region = document.getElementById(field.getAttribute('data-markdown-preview'));
    if (!region) return;
    var body = region.querySelector('.markdown-preview-body');
    var timer = null;
    var sent = 0;

    function refresh() {
      var ticket = ++sent;
      fetch('/admin/markdown-preview', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'x-csrf-token': tokenFor(field) },
        body: JSON.stringify({ markdown: field.value }),
      })
        .then(function (res) {
          return res.ok ? res.json() : null;
        })
        .then(function (data) {
          // Only the newest answer counts; a slow older one must not overwrite it.
          if (!data || ticket !== sent || typeof data.html !== 'string') return;
          body.innerHTML = data.html; // sanitised on the server by renderMarkdown
          region.hidden = field.value.trim() === '';
        })
        .catch(function () {
          // The Preview button still works; nothing to do here.
        });
    }

    field.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(refresh, 400);
    });
  }

  for (var i = 0; i < fields.length; i++) attach(fields[i]);
})();
